// Small pieces of the sentences screens say.

/** "1 day", "3 days": a count with its noun, singular or plural. */
export const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** "the program's value" -> "The program's value". */
export const capitalize = (words) => words.charAt(0).toUpperCase() + words.slice(1);
