// Published test-set mean absolute errors of Zuo et al., J. Phys. Chem. A 124, 731 (2020), Table 2
// as quoted in issue 7: energy in meV/atom, force in eV/Å.
export const PUBLISHED = {
  Ge: { gap: { energy: 2.06, forces: 0.05 }, mtp: { energy: 1.79, forces: 0.05 } },
  Li: { gap: { energy: 0.49, forces: 0.01 }, mtp: { energy: 0.49, forces: 0.01 } },
  Mo: { gap: { energy: 2.24, forces: 0.09 }, mtp: { energy: 2.83, forces: 0.09 } },
  Si: { gap: { energy: 2.91, forces: 0.07 }, mtp: { energy: 2.21, forces: 0.06 } },
};
