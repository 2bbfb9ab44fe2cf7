import { useEffect, useState } from 'preact/hooks';
import { html } from '../../html.js';
import { FLOOR, arrowPaths, figurePaths, layout, poseAt, resolve } from './pose.js';

const reducedMotion = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;

function usePrefersReducedMotion() {
  const [reduce, setReduce] = useState(Boolean(reducedMotion?.matches));
  useEffect(() => {
    if (!reducedMotion) return undefined;
    const changed = () => setReduce(reducedMotion.matches);
    reducedMotion.addEventListener('change', changed);
    return () => reducedMotion.removeEventListener('change', changed);
  }, []);
  return reduce;
}

/** Seconds since the figure started moving, a frame at a time, while `running`. */
function useLoopTime(running) {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!running) return undefined;
    let start = null;
    let frame = requestAnimationFrame(function tick(now) {
      start ??= now;
      setSeconds((now - start) / 1000);
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [running]);
  return seconds;
}

function Prop({ prop, pose }) {
  const [x, y] = prop.at;
  const [w, h] = prop.size ?? [0, 0];
  switch (prop.kind) {
    case 'wall':
      return html`<path class="fig-prop" d=${`M${x} ${y}V${FLOOR}`} />`;
    case 'door':
      return html`<path class="fig-prop" d=${`M${x} ${y}V${FLOOR}M${x + 2.5} ${y}V${FLOOR}`} />`;
    case 'step':
    case 'bed':
      return html`<rect class="fig-prop fig-solid" x=${x} y=${y} width=${w} height=${h} rx="1" />`;
    case 'mat':
      return html`<rect class="fig-mat" x=${x} y=${y} width=${w} height=${h} rx="1" />`;
    case 'roller':
      return html`<circle class="fig-prop fig-solid" cx=${x} cy=${y} r=${w / 2} />`;
    case 'chair':
      // seat from `at`, `w` wide; back `h` tall on the left edge; legs to the floor
      return html`<path class="fig-prop" d=${`M${x} ${y - h}V${FLOOR}M${x} ${y}H${x + w}V${FLOOR}`} />`;
    case 'band': {
      const end = pose[prop.to];
      return end ? html`<path class="fig-band" d=${`M${x} ${y}L${end[0]} ${end[1]}`} />` : null;
    }
    default:
      return null;
  }
}

/** The figure's drawing in the box `view` (props, floor, limbs), without the arrow. */
function Drawing({ demo, view, pose, paths }) {
  const [vx, vy, vw, vh] = view;
  const floor = FLOOR >= vy && FLOOR <= vy + vh;
  return html`
    ${demo.props.map((prop, i) => html`<${Prop} key=${i} prop=${prop} pose=${pose} />`)}
    ${floor && html`<path class="fig-floor" d=${`M${vx} ${FLOOR}H${vx + vw}`} />`}
    <path class="fig-limb fig-far" d=${paths.far} />
    <path class="fig-limb fig-trunk" d=${paths.trunk} />
    ${pose.head && html`<circle class="fig-head" cx=${pose.head[0]} cy=${pose.head[1]} r="5" />`}
    <path class="fig-limb fig-near" d=${paths.near} />
    ${paths.bigtoe && html`<path class="fig-limb fig-bigtoe" d=${paths.bigtoe} />`}
  `;
}

/**
 * One pose of the figure, with its props, its close-up (the working foot magnified beside it,
 * with the line it should reach) and, if given, an arrow to the next pose.
 */
function Pose({ demo, place, pose, next, arrow, mirrored, label }) {
  const [vx, vy, vw, vh] = demo.view;
  const [bx, by, bw, bh] = place.box;
  const paths = figurePaths(pose);
  const arrowPath = next && arrow ? arrowPaths(pose, next, arrow, Math.min(vw, vh) * 0.12) : null;
  const close = place.closeup;
  return html`
    <svg viewBox=${`${bx} ${by} ${bw} ${bh}`} aria-hidden="true" focusable="false" data-label=${label}>
      <g transform=${mirrored ? `matrix(-1 0 0 1 ${2 * bx + bw} 0)` : undefined}>
        <svg class="fig-main" x=${vx} y=${vy} width=${vw} height=${vh} viewBox=${`${vx} ${vy} ${vw} ${vh}`}>
          <${Drawing} demo=${demo} view=${demo.view} pose=${pose} paths=${paths} />
          ${arrowPath && html`<path class="fig-arrow" d=${arrowPath.shaft + arrowPath.head} />`}
        </svg>
        ${close && html`
          <rect class="fig-closeup-frame" x=${close.x} y=${close.y} width=${close.width} height=${close.height} rx="2" />
          <svg class="fig-closeup" x=${close.x} y=${close.y} width=${close.width} height=${close.height}
            viewBox=${close.view.join(' ')}>
            <${Drawing} demo=${demo} view=${close.view} pose=${pose} paths=${paths} />
            ${close.mark != null && html`<path class="fig-mark" d=${`M${close.view[0]} ${close.mark}h${close.view[2]}`} />`}
          </svg>`}
      </g>
    </svg>
  `;
}

/**
 * How an exercise is done, drawn from its poses: animated in a loop at the exercise's tempo,
 * or the key poses side by side, numbered, with arrows for the way they move (for anyone who
 * prefers reduced motion, or taps "Show the steps"). A left side is the figure mirrored.
 */
export function Figure({ demo, side }) {
  const reduce = usePrefersReducedMotion();
  const [chosen, setChosen] = useState(null); // the patient's own choice wins
  const steps = chosen ?? (reduce ? 'steps' : 'moving');
  const seconds = useLoopTime(steps === 'moving');
  const poses = resolve(demo.keyframes);
  const place = layout(demo, poses);
  const mirrored = side === 'left';
  const alt = demo.alt.replace('{side}', side === 'left' || side === 'right' ? side : 'working');

  let picture;
  if (steps === 'steps') {
    const portrait = place.box[2] / place.box[3] < 0.8;
    const columns = portrait && poses.length === 3 ? 3 : Math.min(poses.length, 2);
    picture = html`<ol class=${`figure-steps figure-cols-${columns}`}>
      ${demo.keyframes.map((keyframe, i) => html`
        <li key=${i}>
          <${Pose} demo=${demo} place=${place} pose=${poses[i]} next=${poses[(i + 1) % poses.length]} arrow=${keyframe.arrow}
            mirrored=${mirrored} label=${keyframe.label} />
          <span>${keyframe.label}</span>
        </li>`)}
    </ol>`;
  } else {
    const { pose, reached } = poseAt(demo.keyframes, poses, seconds);
    const { label } = demo.keyframes[reached];
    picture = html`
      <${Pose} demo=${demo} place=${place} pose=${pose} mirrored=${mirrored} label=${label} />
      <span class="figure-now">${label}</span>`;
  }
  return html`
    <div class="figure">
      <div class=${`figure-picture figure-${steps}`} role="img" aria-label=${alt}>${picture}</div>
      ${place.closeup?.mark != null && html`
        <p class="figure-mark"><svg viewBox="0 0 24 6" aria-hidden="true"><path class="fig-mark" d="M1 3H23" /></svg>
          ${demo.closeup.mark}</p>`}
      <button type="button" class="btn-link figure-switch" onClick=${() => setChosen(steps === 'steps' ? 'moving' : 'steps')}>
        ${steps === 'steps' ? 'Play the movement' : 'Show the steps'}
      </button>
    </div>
  `;
}
