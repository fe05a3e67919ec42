import { QuerySyntaxError } from "../syntax-error";
import { Lexer, type LexMode, type Token, type TokenKind } from "./lexer";

/** A position in the query plus the lexer: the parser peeks and takes tokens in the mode of the command it is in. */
export class Cursor {
  readonly lexer: Lexer;
  pos = 0;
  /** The last two tokens lexed (the parser peeks the same one several times, and looks one token ahead). */
  private readonly cache: { pos: number; mode: LexMode | undefined; token: Token | undefined }[] = [
    { pos: -1, mode: undefined, token: undefined },
    { pos: -1, mode: undefined, token: undefined },
  ];
  private nextSlot = 0;

  constructor(readonly source: string) {
    this.lexer = new Lexer(source);
  }

  peek(mode: LexMode): Token {
    for (const slot of this.cache) if (slot.pos === this.pos && slot.mode === mode) return slot.token!;
    const token = this.lexer.next(this.pos, mode);
    const slot = this.cache[this.nextSlot]!;
    this.nextSlot = 1 - this.nextSlot;
    slot.pos = this.pos;
    slot.mode = mode;
    slot.token = token;
    return token;
  }

  take(mode: LexMode): Token {
    const token = this.peek(mode);
    this.pos = token.end;
    return token;
  }

  /** The token after the next one, without moving. */
  peekSecond(first: LexMode, second: LexMode): Token {
    const saved = this.pos;
    this.take(first);
    const token = this.peek(second);
    this.pos = saved;
    return token;
  }

  is(token: Token, kind: TokenKind, value?: string): boolean {
    return token.kind === kind && (value === undefined || token.value === value);
  }

  /** Takes the next token when it is `kind` (with `value`), else leaves it. */
  accept(mode: LexMode, kind: TokenKind, value?: string): Token | undefined {
    const token = this.peek(mode);
    if (!this.is(token, kind, value)) return undefined;
    this.pos = token.end;
    return token;
  }

  acceptKeyword(mode: LexMode, keyword: string): Token | undefined {
    return this.accept(mode, "keyword", keyword);
  }

  expect(mode: LexMode, kind: TokenKind, expected: string, value?: string): Token {
    const token = this.peek(mode);
    if (!this.is(token, kind, value)) throw this.error(token, [expected]);
    this.pos = token.end;
    return token;
  }

  /** The error at `token`: what was expected there and what was found. */
  error(token: Token, expected: string[], reason?: string): QuerySyntaxError {
    return new QuerySyntaxError("esql", this.source, token.start, expected, describe(token), reason);
  }

  /** The offset where the last taken token ended (the end of a node). */
  get end(): number {
    return this.pos;
  }
}

export function describe(token: Token): string {
  return token.kind === "eof" ? "end of input" : token.text;
}
