// Small pieces of the sentences screens say.

/** "1 day", "3 days": a count with its noun, singular or plural. */
export const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
