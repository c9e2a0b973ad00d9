/** The list of passwords too common to allow. A port so the browser mock can bring a smaller list. */
export interface CommonPasswords {
  /** Case-insensitive. */
  includes(password: string): boolean;
}
