/**
 * Multi-line text (a driver's message, a yargs error) as one line: each line trimmed, blank lines
 * dropped, joined by `separator`. Written without a regular expression: "whitespace, newline,
 * whitespace" as a regex backtracks quadratically over a long run of whitespace.
 */
export function oneLine(text: string, separator = ' '): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(separator)
}
