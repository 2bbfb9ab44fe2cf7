// Human words for the API's codes, in one place so every screen says the same thing.

export const CONDITIONS = [
  { value: 'achilles_midportion', label: 'Achilles tendon, above the heel', hint: 'Pain and thickening in the tendon a few centimetres above the heel bone' },
  { value: 'achilles_insertional', label: 'Achilles tendon, at the heel bone', hint: 'Pain where the tendon attaches to the back of the heel' },
  { value: 'plantar_heel', label: 'Under the heel (plantar heel pain)', hint: 'Often worst with the first steps in the morning' },
  { value: 'not_sure', label: "I'm not sure", hint: 'That is fine: the program starts the same way, and you can change this later' },
];

export const PAINFUL_SIDES = [
  { value: 'left', label: 'Left' },
  { value: 'right', label: 'Right' },
  { value: 'both', label: 'Both' },
];

export const SIDE_LABELS = { left: 'Left', right: 'Right', both: 'Both' };

export const TRACKS = [
  { value: 'calf', label: 'Calf strength' },
  { value: 'hip', label: 'Hip and glute strength' },
  { value: 'mobility', label: 'Mobility' },
];

export const EFFORTS = [
  { value: 'easy', label: 'Easy' },
  { value: 'right', label: 'About right' },
  { value: 'hard', label: 'Hard' },
];

export const SETTLED = [
  { value: true, label: 'Yes' },
  { value: false, label: 'No' },
];
