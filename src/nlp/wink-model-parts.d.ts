// The English model's parts, imported one by one by model.ts (the package declares only its whole model).
declare module 'wink-eng-lite-web-model/dist/*.js' {
  const part: unknown;
  export default part;
}
