/**
 * One entry of a language's catalogue of broken queries: the text, where the parser must report the error (1-based
 * `line` and `column`) and why the query is broken, in words.
 */
export interface BrokenQuery {
  query: string;
  line: number;
  column: number;
  why: string;
}
