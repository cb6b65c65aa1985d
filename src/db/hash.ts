/** SHA-256 through Web Crypto, available alike on Node and in workerd. */
export async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

export async function sha256Hex(text: string): Promise<string> {
  let hex = '';
  for (const byte of await sha256(text)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
