// Poses as data (see backend/heelstrong/catalogue/exercises.yaml, `demo`): the keyframes of a
// figure, resolved to whole poses, timed, and turned into SVG path data. Pure functions.

const SHOULDER_AT = 0.12; // an arm without a shoulder joint hangs from this far down the trunk
export const FLOOR = 95;

/** Each keyframe's whole pose: a keyframe names only the joints that move. */
export function resolve(keyframes) {
  let pose = {};
  return keyframes.map((keyframe) => (pose = { ...pose, ...keyframe.pose }));
}

/** One loop, in seconds. */
export const loopSeconds = (keyframes) => keyframes.reduce((sum, k) => sum + k.move + (k.hold ?? 0), 0);

const ease = (u) => u * u * (3 - 2 * u);
const mix = (a, b, u) => [a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u];

/**
 * The pose `seconds` into the loop, the keyframe it is moving to or holding (`index`), and the
 * last keyframe the figure has reached (`reached`): a pose's caption shows from then on, so the
 * words never run ahead of the figure.
 */
export function poseAt(keyframes, poses, seconds) {
  let t = seconds % loopSeconds(keyframes);
  for (let i = 0; i < keyframes.length; i += 1) {
    const { move, hold = 0 } = keyframes[i];
    if (t < move) {
      const before = (i + poses.length - 1) % poses.length;
      const from = poses[before];
      const to = poses[i];
      const u = ease(t / move);
      const pose = {};
      for (const name of Object.keys(to)) pose[name] = mix(from[name] ?? to[name], to[name], u);
      return { pose, index: i, reached: before };
    }
    t -= move;
    if (t < hold) return { pose: poses[i], index: i, reached: i };
    t -= hold;
  }
  return { pose: poses[0], index: 0, reached: 0 };
}

const CLOSEUP_GAP = 2; // between the figure and its close-up, in figure units
const CLOSEUP_HEIGHT = 0.62; // the close-up's height, a share of the view's

/**
 * Where things go in a pose's SVG: the whole box shown (`box`: x, y, width, height: the view,
 * and the close-up to its right, if the demo has one), the close-up's place and magnification,
 * and the height of its mark line (the highest the first arrow joint gets).
 */
export function layout(demo, poses = resolve(demo.keyframes)) {
  const [vx, vy, vw, vh] = demo.view;
  if (!demo.closeup) return { box: [vx, vy, vw, vh], closeup: null };
  const [cx, cy, cw, ch] = demo.closeup.view;
  const scale = (vh * CLOSEUP_HEIGHT) / ch;
  const width = cw * scale;
  const height = ch * scale;
  const at = [vx + vw + CLOSEUP_GAP, vy + vh - height];
  const joint = demo.keyframes.find((keyframe) => keyframe.arrow)?.arrow;
  const mark = demo.closeup.mark && joint ? Math.min(...poses.map((pose) => pose[joint][1])) : null;
  return {
    box: [vx, vy, vw + CLOSEUP_GAP + width, vh],
    closeup: { view: demo.closeup.view, x: at[0], y: at[1], width, height, scale, mark },
  };
}

/**
 * How far `joint` moves on screen, in CSS px, from one pose to the next, when a pose's SVG is
 * drawn into a box `boxWidth` x `boxHeight` px (fitted, as SVG does by default): in the close-up
 * when it shows the joint, or else in the figure.
 */
export function screenMovement(demo, from, to, joint, boxWidth, boxHeight) {
  const { box, closeup } = layout(demo);
  const fit = Math.min(boxWidth / box[2], boxHeight / box[3]);
  const units = Math.hypot(to[joint][0] - from[joint][0], to[joint][1] - from[joint][1]);
  const inside = (p) => closeup && p[0] >= closeup.view[0] && p[0] <= closeup.view[0] + closeup.view[2]
    && p[1] >= closeup.view[1] && p[1] <= closeup.view[1] + closeup.view[3];
  return units * fit * (inside(from[joint]) && inside(to[joint]) ? closeup.scale : 1);
}

const n = (v) => Math.round(v * 10) / 10;

/** Path data through the points that exist, starting afresh after a missing one. */
function line(...points) {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (!p) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${n(p[0])} ${n(p[1])}`;
    pen = true;
  }
  return d;
}

/** Path data of the trunk, and of each side's limbs ("r" is the working or near side). */
export function figurePaths(p) {
  const top = p.neck && p.pelvis && mix(p.neck, p.pelvis, SHOULDER_AT);
  const limbs = (s) => {
    const at = (joint) => p[`${s}_${joint}`];
    const shoulder = at('shoulder') ?? top;
    const hip = at('hip') ?? p.pelvis;
    const ball = at('ball');
    return (
      line(at('elbow') && shoulder, at('elbow'), at('wrist')) +
      line(at('knee') && hip, at('knee'), at('ankle'), at('heel'), ball ?? at('toe'), at('ankle')) +
      line(ball, at('toe'))
    );
  };
  return {
    trunk:
      line(p.head, p.neck, p.pelvis) +
      line(p.l_shoulder, p.neck, p.r_shoulder) +
      line(p.l_hip, p.pelvis, p.r_hip),
    far: limbs('l'),
    near: limbs('r'),
    bigtoe: line(p.r_ball, p.r_bigtoe) + line(p.l_ball, p.l_bigtoe),
  };
}

/**
 * An arrow for the way `joint` goes from one pose to the next: beside its path (on the side
 * away from the body), at least `least` long, with its head as a second path.
 */
export function arrowPaths(from, to, joint, least) {
  const a = from[joint];
  const b = to[joint];
  if (!a || !b) return null;
  let dx = b[0] - a[0];
  let dy = b[1] - a[1];
  const length = Math.hypot(dx, dy);
  if (length < 0.5) return null;
  const ux = dx / length;
  const uy = dy / length;
  const half = Math.max(length, least) / 2;
  const mid = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  // Beside the path, on the side away from the pelvis (or the ankle, in a close-up of a foot).
  const centre = from.pelvis ?? from.r_ankle ?? a;
  let px = -uy;
  let py = ux;
  if ((mid[0] - centre[0]) * px + (mid[1] - centre[1]) * py < 0) [px, py] = [-px, -py];
  const gap = least * 0.45;
  const start = [mid[0] - ux * half + px * gap, mid[1] - uy * half + py * gap];
  const end = [mid[0] + ux * half + px * gap, mid[1] + uy * half + py * gap];
  const head = least * 0.45;
  const wing = (sign) => [end[0] - ux * head + sign * -uy * head * 0.7, end[1] - uy * head + sign * ux * head * 0.7];
  return { shaft: line(start, end), head: line(wing(1), end, wing(-1)) };
}
