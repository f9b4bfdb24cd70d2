/**
 * Connection strings as libpq reads them: every URI form of the PostgreSQL documentation
 * ("Connection URIs"), key/value strings, and malformed strings whose messages must not quote
 * any part of them (a password with an unencoded `/` or `@` can be anywhere in a malformed one).
 */
import { expect } from 'chai'
import { DatabaseError } from '../../src/errors.js'
import { resolveConnection, type ServerConnection } from '../../src/introspect/resolve-connection.js'

// USER fills in libpq's defaults (user, and the database named after the user).
const ENV = { USER: 'me' }

function resolve(source: string, env: NodeJS.ProcessEnv = ENV): ServerConnection {
  return resolveConnection(source, env, 'DATABASE_URL')
}

/** [host, address, port] of each endpoint. */
function endpoints(connection: ServerConnection): [string, string, number][] {
  return connection.endpoints.map((e) => [e.host, e.address, e.port])
}

function rejection(source: string, env: NodeJS.ProcessEnv = ENV): DatabaseError {
  try {
    resolve(source, env)
  } catch (error) {
    expect(error).to.be.instanceOf(DatabaseError)
    const message = (error as DatabaseError).message
    expect(message).to.not.include('\n')
    return error as DatabaseError
  }
  return expect.fail(`expected ${source} to be rejected`)
}

describe('resolveConnection: the URI forms of the libpq documentation', () => {
  it('postgresql:// takes every default', () => {
    const c = resolve('postgresql://')
    expect(endpoints(c)).to.deep.equal([['localhost', 'localhost', 5432]])
    expect([c.user, c.database, c.password]).to.deep.equal(['me', 'me', undefined])
    expect(c.displayTarget).to.equal('postgresql://me@localhost:5432/me')
  })

  it('postgresql://localhost, :5433 and /mydb', () => {
    expect(endpoints(resolve('postgresql://localhost'))).to.deep.equal([['localhost', 'localhost', 5432]])
    expect(endpoints(resolve('postgresql://localhost:5433'))).to.deep.equal([['localhost', 'localhost', 5433]])
    expect(resolve('postgresql://localhost/mydb').database).to.equal('mydb')
  })

  it('postgresql://user@localhost and postgresql://user:secret@localhost', () => {
    expect(resolve('postgresql://user@localhost')).to.include({ user: 'user', database: 'user', password: undefined })
    expect(resolve('postgresql://user:secret@localhost')).to.include({ user: 'user', password: 'secret' })
  })

  it('postgresql://other@localhost/otherdb?connect_timeout=10&application_name=myapp', () => {
    const c = resolve('postgresql://other@localhost/otherdb?connect_timeout=10&application_name=myapp')
    expect(c).to.include({ user: 'other', database: 'otherdb', connectTimeoutMs: 10_000, applicationName: 'myapp' })
  })

  it('postgresql://host1:123,host2:456/somedb?target_session_attrs=any&application_name=myapp', () => {
    const c = resolve('postgresql://host1:123,host2:456/somedb?target_session_attrs=any&application_name=myapp')
    expect(endpoints(c)).to.deep.equal([
      ['host1', 'host1', 123],
      ['host2', 'host2', 456],
    ])
    expect(c.database).to.equal('somedb')
    expect(c.displayTarget).to.equal('postgresql://me@host1:123,host2:456/somedb')
    expect(c.endpoints.map((e) => e.displayTarget)).to.deep.equal(['postgresql://me@host1:123/somedb', 'postgresql://me@host2:456/somedb'])
  })

  it('postgresql:///mydb?host=localhost&port=5433', () => {
    const c = resolve('postgresql:///mydb?host=localhost&port=5433')
    expect(endpoints(c)).to.deep.equal([['localhost', 'localhost', 5433]])
    expect(c.database).to.equal('mydb')
  })

  it('postgresql://[2001:db8::1234]/database', () => {
    const c = resolve('postgresql://[2001:db8::1234]/database')
    expect(endpoints(c)).to.deep.equal([['2001:db8::1234', '2001:db8::1234', 5432]])
    expect(c.displayTarget).to.equal('postgresql://me@[2001:db8::1234]:5432/database')
    expect(endpoints(resolve('postgresql://[::1]:5433,[2001:db8::1]/d'))).to.deep.equal([
      ['::1', '::1', 5433],
      ['2001:db8::1', '2001:db8::1', 5432],
    ])
  })

  it('postgresql:///dbname?host=/var/lib/postgresql (a Unix-socket directory)', () => {
    const c = resolve('postgresql:///dbname?host=/var/lib/postgresql')
    expect(endpoints(c)).to.deep.equal([['/var/lib/postgresql', '/var/lib/postgresql', 5432]])
    expect(c.displayTarget).to.equal('postgresql://me@/dbname?host=/var/lib/postgresql&port=5432')
  })

  it('postgresql://%2Fvar%2Flib%2Fpostgresql/dbname (a percent-encoded socket directory as host)', () => {
    const c = resolve('postgresql://%2Fvar%2Flib%2Fpostgresql/dbname')
    expect(endpoints(c)).to.deep.equal([['/var/lib/postgresql', '/var/lib/postgresql', 5432]])
    expect(c.database).to.equal('dbname')
  })

  it('postgresql://app@/db?host=/var/run/postgresql (a user and an empty host)', () => {
    const c = resolve('postgresql://app@/db?host=/var/run/postgresql')
    expect(endpoints(c)).to.deep.equal([['/var/run/postgresql', '/var/run/postgresql', 5432]])
    expect(c).to.include({ user: 'app', database: 'db' })
    expect(resolve('postgresql://app:pw@/db?host=/tmp&port=5433')).to.include({ user: 'app', password: 'pw' })
  })

  it('postgres:// is the same scheme', () => {
    expect(resolve('postgres://u@h:1/d').displayTarget).to.equal('postgresql://u@h:1/d')
  })
})

describe('resolveConnection: libpq details', () => {
  it('percent-decodes every part, and leaves + alone (libpq does not read it as a space)', () => {
    const c = resolve('postgresql://us%40er:p%2Fw%3Fx+y@h/d%20b?application_name=a+b%26c')
    expect(c).to.include({ user: 'us@er', password: 'p/w?x+y', database: 'd b', applicationName: 'a+b&c' })
  })

  it('reads passwords with an unencoded @, ?, #, : or space as libpq does', () => {
    expect(resolve('postgresql://u:p@ss@h/d').password).to.equal('p@ss')
    expect(resolve('postgresql://u:a?b#c:d e@h:1/d')).to.include({ password: 'a?b#c:d e', database: 'd' })
  })

  it('lets query parameters override the URL, and reads ssl=true as sslmode=require', () => {
    const c = resolve('postgresql://u@h:1/d?port=2&dbname=e&user=v&ssl=true&sslrootcert=/ca.pem')
    expect(endpoints(c)).to.deep.equal([['h', 'h', 2]])
    expect(c).to.include({ user: 'v', database: 'e', sslMode: 'require', sslRootCert: '/ca.pem' })
  })

  it('accepts the parameters libpq accepts, and uses connect_timeout, options, passfile and hostaddr', () => {
    const c = resolve(
      'postgresql://h/d?keepalives=1&target_session_attrs=read-write&options=-c%20search_path%3Dapp&passfile=/p&hostaddr=10.0.0.1&connect_timeout=1&fallback_application_name=f',
    )
    expect(c).to.include({ options: '-c search_path=app', passfile: '/p', connectTimeoutMs: 2000, applicationName: 'f' })
    expect(endpoints(c)).to.deep.equal([['h', '10.0.0.1', 5432]])
    expect(resolve('postgresql://h/d?connect_timeout=0').connectTimeoutMs).to.equal(0)
    expect(resolve('postgresql://h/d').connectTimeoutMs).to.equal(undefined)
  })

  it('gives one port to every host, or one port per host', () => {
    expect(endpoints(resolve('postgresql:///d?host=a,b&port=7'))).to.deep.equal([
      ['a', 'a', 7],
      ['b', 'b', 7],
    ])
    expect(endpoints(resolve('postgresql://a,b:8/d'))).to.deep.equal([
      ['a', 'a', 5432],
      ['b', 'b', 8],
    ])
    expect(rejection('postgresql:///d?host=a,b,c&port=1,2').message).to.equal('cannot connect: 2 ports for 3 hosts (give one port, or one per host)')
  })

  it('fills in from PG* variables, also host lists', () => {
    const c = resolveConnection(undefined, { USER: 'me', PGHOST: 'a,/tmp', PGPORT: '6', PGDATABASE: 'x', PGCONNECT_TIMEOUT: '5', PGAPPNAME: 'app' })
    expect(endpoints(c)).to.deep.equal([
      ['a', 'a', 6],
      ['/tmp', '/tmp', 6],
    ])
    expect(c).to.include({ database: 'x', connectTimeoutMs: 5000, applicationName: 'app' })
    expect(c.displayTarget).to.equal('postgresql://me@/x?host=a,/tmp&port=6,6')
  })

  it('reads key/value strings as libpq does: quotes, backslash escapes, spaces around =', () => {
    const c = resolve(String.raw`host = h port=7 user=u password='it\'s a \\ secret' dbname=a\ b sslmode=disable`)
    expect(endpoints(c)).to.deep.equal([['h', 'h', 7]])
    expect(c).to.include({ user: 'u', password: String.raw`it's a \ secret`, database: 'a b', sslMode: 'disable' })
  })
})

describe('resolveConnection: malformed strings are named, never quoted', () => {
  const SECRET = 'Xy7/Secret@Part'

  it('rejects a password with an unencoded / without printing any part of the URL', () => {
    for (const url of [`postgresql://app:${SECRET}@127.0.0.1:5432/db`, 'postgresql://app:12/34@h/db', 'postgresql://app:ab/cd@h/db']) {
      const error = rejection(url)
      expect(error.message).to.match(/^cannot connect: malformed connection URL in DATABASE_URL: /)
      for (const piece of ['Xy7', 'Secret', 'Part', '12', '34', 'ab', 'cd', 'app', '127.0.0.1']) expect(error.message).to.not.include(piece)
    }
  })

  it('rejects bad percent-encoding (%zz) as a one-line DatabaseError, not a URIError', () => {
    const error = rejection('postgresql://app:pw%zzpw@h/db')
    expect(error.exitCode).to.equal(3)
    expect(error.message).to.equal('cannot connect: malformed connection URL in DATABASE_URL: invalid percent-encoding in the password (write a % as %25)')
    expect(rejection('postgresql://h/db?application_name=%E0%A4%A').message).to.include('invalid percent-encoding in the query')
    expect(rejection('postgresql://app:a%00b@h/db').message).to.include('invalid percent-encoding')
  })

  it('names unknown parameters only when the string holds no ambiguous password', () => {
    expect(rejection('postgresql://u:pw@h/d?sslmod=require').message).to.equal(
      'cannot connect: malformed connection URL in DATABASE_URL: unknown query parameter "sslmod"',
    )
    expect(rejection('postgresql://u:1?x=y@h/d?sslmod=require').message).to.include('"sslmod"')
    expect(rejection('postgresql://u:1/x?sslmod=y@h/d').message).to.equal('cannot connect: malformed connection URL in DATABASE_URL: unknown query parameter')
    expect(rejection('host=h dbnmae=x').message).to.equal('cannot connect: malformed connection string in DATABASE_URL: unknown parameter "dbnmae"')
    expect(rejection('host=h password=ab cd=ef').message).to.equal('cannot connect: malformed connection string in DATABASE_URL: unknown parameter')
  })

  it('rejects other malformed URLs and key/value strings in one line each', () => {
    expect(rejection('postgresql://[::1/d').message).to.include('no closing "]"')
    expect(rejection('postgresql://[]/d').message).to.include('IPv6 host address is empty')
    expect(rejection('postgresql://h/d?sslmode').message).to.include('has no "="')
    expect(rejection("host=h password='unterminated").message).to.equal(
      'cannot connect: malformed connection string in DATABASE_URL: a quoted value has no closing quote',
    )
    expect(rejection('host=h x').message).to.include('has no "=" after its name')
    expect(rejection('mysql://u:pw@h/d').message).to.equal(
      'cannot connect: DATABASE_URL is a mysql: URL, not a postgres:// URL, a key=value connection string or pglite:<directory>',
    )
    expect(rejection('just-a-password').message).to.equal(
      'cannot connect: DATABASE_URL is not a postgres:// URL, a key=value connection string or pglite:<directory>',
    )
    expect(rejection('postgresql://h/d?service=prod').message).to.include('names a service')
  })

  it('quotes a bad port or sslmode from an unambiguous URL or PG* variable, but not from an ambiguous one', () => {
    expect(rejection('postgresql://u:pw@h:80a/d').message).to.equal('cannot connect: DATABASE_URL gives an invalid port "80a"')
    expect(rejection('postgresql://u@h/d', { PGPORT: 'x' }).message).to.equal('cannot connect: PGPORT gives an invalid port "x"')
    expect(rejection('postgresql://u:a/b@h/d').message).to.not.include('"a"')
    expect(rejection('postgresql://h/d?sslmode=sometimes')).to.include({ failure: 'tls' })
    expect(rejection('postgresql://h/d?sslmode=sometimes').message).to.include('invalid sslmode "sometimes" (use one of disable')
    expect(rejection('postgresql://h/d?connect_timeout=soon').message).to.equal(
      'cannot connect: DATABASE_URL gives an invalid connect_timeout "soon" (whole seconds)',
    )
  })
})
