/** Result of canonicalising a type as written in a spec. */
export interface CanonicalType {
  /** As format_type() spells it with search_path = public: `character varying(80)`, `integer[]`. */
  readonly type: string
  /** The spelling was serial/bigserial/smallserial: the column also gets a nextval() default. */
  readonly isSerial: boolean
}

/** PLACEHOLDER: the real implementation replaces this. */
export function canonicalType(spelling: string): CanonicalType {
  return { type: spelling.trim().toLowerCase(), isSerial: false }
}
