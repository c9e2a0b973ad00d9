/** Cryptographically secure randomness. Every secret the server mints comes from here. */
export interface Random {
  bytes(length: number): Uint8Array;
  uuid(): string;
}
