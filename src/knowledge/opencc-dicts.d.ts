/** opencc-js ships its dictionaries as modules without type declarations: each is one string. */
declare module 'opencc-js/dict/*' {
  const dict: string;
  export default dict;
}
