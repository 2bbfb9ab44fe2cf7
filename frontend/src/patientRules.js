import { useEffect, useState } from 'preact/hooks';
import * as api from './api.js';
import { DEFAULT_THRESHOLDS } from './labels.js';
import { useDataVersion } from './syncstate.js';

/**
 * The patient's own clinical settings (their pain limit during exercise, the settle time), for
 * every screen that speaks of them; the defaults until they load, or when this phone has no copy
 * yet and is offline (the server then judges by the patient's own, as always). Read again when
 * the server has news, like the screen's own data (a copy read offline is not left standing).
 */
export function usePatientRules() {
  const version = useDataVersion();
  const [rules, setRules] = useState(DEFAULT_THRESHOLDS);
  useEffect(() => {
    api
      .getThresholds()
      .then((thresholds) => thresholds && setRules(thresholds))
      .catch(() => setRules(DEFAULT_THRESHOLDS));
  }, [version]);
  return rules;
}
