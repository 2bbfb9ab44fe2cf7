// The short code a clinician shows a patient to link them: 8 letters and digits, "HK4T-9PQX".

const CODE_LENGTH = 8;

/**
 * The code as typed ("hk4t 9pqx", "HK4T9PQX", "hk4t-9pqx") written the way the clinician's
 * screen shows it ("HK4T-9PQX"), or `{ error }` when it cannot be one. Pure.
 */
export function normalizeCode(typed) {
  const bare = String(typed).toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (bare.length === 0) return { error: 'Enter the code your clinician shows you.' };
  if (bare.length !== CODE_LENGTH) {
    return { error: `A code has ${CODE_LENGTH} letters and numbers, like HK4T-9PQX. Check it with your clinician.` };
  }
  return { code: `${bare.slice(0, 4)}-${bare.slice(4)}` };
}
