// What the user opens and closes one at a time: the rows that show their memo, a tree's nodes.

import { useState } from "../../vendor/htm-preact/standalone.module.js";

/**
 * `const [abertos, alternar, setAbertos] = useAlternaveis()`: a Set of keys; `alternar(chave)`
 * adds the key when it is absent and removes it when present.
 */
export function useAlternaveis() {
  const [chaves, setChaves] = useState(() => new Set());
  function alternar(chave) {
    setChaves((atuais) => {
      const novas = new Set(atuais);
      if (!novas.delete(chave)) novas.add(chave);
      return novas;
    });
  }
  return [chaves, alternar, setChaves];
}
