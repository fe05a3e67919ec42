import { QuerySyntaxError } from "../syntax-error";

const HEX_DIGIT = /^[0-9a-fA-F]$/;

/**
 * Removes the backslash escapes of a term, field name, phrase or range value the way Lucene's query parser does
 * (QueryParserBase.discardEscapeChar): `\x` is `x`, `\uXXXX` is that UTF-16 unit, and a `\u` without four hexadecimal
 * digits after it fails the whole query. Lucene runs this on every bare token, wildcards and regular expressions
 * included, so `/\user/` fails too. `offset` is where `text` starts in `source`, for the error's position.
 */
export function unescapeLucene(text: string, source: string, offset: number): string {
  if (!text.includes("\\")) return text;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== "\\") {
      out += c;
      continue;
    }
    if (i + 1 >= text.length) {
      throw new QuerySyntaxError("lucene", source, offset + i, ["a character to escape"], "end of input", `a term cannot end with the escape character "\\"`);
    }
    if (text[i + 1] !== "u") {
      out += text[i + 1];
      i++;
      continue;
    }
    const digits = text.slice(i + 2, i + 6);
    const bad = [...digits].findIndex((d) => !HEX_DIGIT.test(d));
    if (bad >= 0 || digits.length < 4) {
      const what = bad >= 0 ? `"${digits[bad]}" is not a hexadecimal digit` : "the text ends before four hexadecimal digits";
      throw new QuerySyntaxError(
        "lucene",
        source,
        offset + i,
        ["four hexadecimal digits after \\u"],
        bad >= 0 ? digits[bad]! : "end of term",
        `invalid Unicode escape "${text.slice(i, i + 2 + (bad >= 0 ? bad + 1 : digits.length))}": ${what} (Lucene reads \\u as the start of \\uXXXX; write \\\\u for a backslash followed by u)`,
      );
    }
    out += String.fromCharCode(parseInt(digits, 16));
    i += 5;
  }
  return out;
}
