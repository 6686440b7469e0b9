import { StringDecoder } from "node:string_decoder";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { pipeline, type Readable, type Transform } from "node:stream";
import { HttpError } from "./http-error";

/** Past this many characters without a newline the rest of the line is dropped (it is too long anyway). */
const MAX_KEPT = 4096;

/**
 * The lines of a request body, read as it arrives (any size, memory bounded by one line), after
 * its Content-Encoding (gzip, deflate, br) is undone. A corrupt encoding is the client's error:
 * 400 MALFORMED_BODY.
 */
export async function* requestLines(body: Readable, contentEncoding: string | undefined): AsyncGenerator<string> {
  const stream = decoded(body, contentEncoding);
  const decoder = new StringDecoder("utf8");
  let pending = "";
  let overflow = false;
  try {
    for await (const chunk of stream) {
      const text = decoder.write(chunk as Buffer);
      let start = 0;
      for (let newline = text.indexOf("\n"); newline >= 0; newline = text.indexOf("\n", start)) {
        yield keep(pending, text.slice(start, newline), overflow);
        pending = "";
        overflow = false;
        start = newline + 1;
      }
      const rest = text.slice(start);
      if (pending.length + rest.length > MAX_KEPT) {
        pending = (pending + rest).slice(0, MAX_KEPT);
        overflow = true;
      } else pending += rest;
    }
  } catch (error) {
    if (contentEncoding && contentEncoding !== "identity") throw new HttpError("MALFORMED_BODY", `request body is not valid ${contentEncoding}: ${(error as Error).message}`);
    throw error;
  }
  const last = pending + decoder.end();
  if (last.length > 0) yield last;
}

function keep(pending: string, tail: string, overflow: boolean): string {
  return overflow ? pending : pending + tail;
}

function decoded(body: Readable, contentEncoding: string | undefined): Readable {
  const decoder = decoderFor(contentEncoding);
  if (!decoder) return body;
  // pipeline, not pipe: a client that aborts ends the decoder with an error instead of leaving it waiting.
  return pipeline(body, decoder, () => undefined);
}

function decoderFor(contentEncoding: string | undefined): Transform | undefined {
  switch ((contentEncoding ?? "identity").toLowerCase()) {
    case "identity":
      return undefined;
    case "gzip":
      return createGunzip();
    case "deflate":
      return createInflate();
    case "br":
      return createBrotliDecompress();
    default:
      throw new HttpError("UNSUPPORTED_MEDIA_TYPE", `unsupported Content-Encoding ${contentEncoding}; use gzip, deflate, br or none`);
  }
}
