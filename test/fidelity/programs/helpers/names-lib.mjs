export default function () {}
export const anon = () => {};
