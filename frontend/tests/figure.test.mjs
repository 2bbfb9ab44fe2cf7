// The exercise figures' geometry (src/components/figure/pose.js) on the shipped poses: how far
// each exercise's arrow joint moves on a 390 px phone, the close-up and its "as high as you
// can" line, and captions that follow the figure. node --test (npm test). The poses come from
// the catalogue through the backend's own loader (the repository's .venv); without it these
// tests are skipped. Labels against poses (feet together, heel up, knee straight) are checked
// in tests/unit/test_figure_poses.py, the rendered SVG in tests/e2e/test_figures.py.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { layout, loopSeconds, poseAt, resolve, screenMovement } from '../src/components/figure/pose.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const python = `${root}.venv/bin/python`;
const exercises = existsSync(python)
  ? JSON.parse(
      execFileSync(python, ['-c', 'import json; from heelstrong.catalogue.loader import get_catalogue; '
        + 'print(json.dumps([e.model_dump(mode="json") for e in get_catalogue().exercises]))'], { cwd: root }),
    )
  : null;
const skip = exercises ? false : 'no .venv with the backend to read the catalogue';

// A key pose's box at 390 px wide, in the side-by-side steps (the smaller of the two ways a
// figure is drawn): half the card's inner width, 9.5rem tall (styles/figure.css). The e2e test
// measures the same in Chromium.
const STEP_BOX = { width: 140, height: 152 };
const MOVING_BOX = { width: 310, height: 240 };
const LEAST_PX = 12;

/** The calf exercises whose arrow is the heel: every raise, hold and heel drop. */
const risers = () => exercises.filter((e) => e.track === 'calf' && e.demo.keyframes[0].arrow === 'r_heel');

/** The largest on-screen movement of any keyframe's arrow joint to the next pose, in px. */
function arrowPx(demo, box) {
  const poses = resolve(demo.keyframes);
  return Math.max(...demo.keyframes.map((keyframe, i) => (keyframe.arrow
    ? screenMovement(demo, poses[i], poses[(i + 1) % poses.length], keyframe.arrow, box.width, box.height)
    : 0)));
}

test('every exercise’s arrow joint moves at least 12 px on a 390 px phone', { skip }, () => {
  const small = exercises
    .map((exercise) => [exercise.id, arrowPx(exercise.demo, STEP_BOX), arrowPx(exercise.demo, MOVING_BOX)])
    .filter(([, steps, moving]) => steps < LEAST_PX || moving < LEAST_PX);
  assert.deepEqual(small, []);
});

test('a heel that rises is shown again, magnified, with a line where it gets to', { skip }, () => {
  for (const exercise of risers()) {
    const { demo } = exercise;
    const poses = resolve(demo.keyframes);
    const place = layout(demo, poses);
    assert.ok(place.closeup, exercise.id);
    assert.ok(place.closeup.scale >= 2, `${exercise.id}: magnified ${place.closeup.scale}`);
    // beside the figure, inside the drawn box
    assert.ok(place.closeup.x >= demo.view[0] + demo.view[2], exercise.id);
    assert.ok(place.closeup.x + place.closeup.width <= place.box[0] + place.box[2] + 1e-9, exercise.id);
    // the heel is inside the close-up in every pose
    const [cx, cy, cw, ch] = demo.closeup.view;
    for (const pose of poses) {
      const [x, y] = pose.r_heel;
      assert.ok(x >= cx && x <= cx + cw && y >= cy && y <= cy + ch, `${exercise.id}: heel ${pose.r_heel} outside`);
    }
    if (demo.closeup.mark) {
      assert.equal(place.closeup.mark, Math.min(...poses.map((pose) => pose.r_heel[1])), exercise.id);
    }
  }
});

test('a rise moves the heel at least 12 px, half-way holds too', { skip }, () => {
  for (const exercise of risers()) {
    const poses = resolve(exercise.demo.keyframes);
    const heels = poses.map((pose) => pose.r_heel[1]);
    const low = poses[heels.indexOf(Math.max(...heels))];
    const high = poses[heels.indexOf(Math.min(...heels))];
    const px = screenMovement(exercise.demo, low, high, 'r_heel', STEP_BOX.width, STEP_BOX.height);
    assert.ok(px >= LEAST_PX, `${exercise.id}: the heel moves ${px.toFixed(1)} px`);
  }
});

test('a caption shows once the figure has reached its pose, not while it is on the way', { skip }, () => {
  for (const { id, demo } of exercises) {
    const poses = resolve(demo.keyframes);
    const loop = loopSeconds(demo.keyframes);
    let shown = null;
    for (let t = 0; t < 2 * loop; t += 0.02) {
      const { pose, reached } = poseAt(demo.keyframes, poses, t);
      if (reached !== shown) {
        // the moment a caption changes, the figure is in that caption's pose
        for (const [joint, at] of Object.entries(poses[reached])) {
          assert.ok(Math.hypot(pose[joint][0] - at[0], pose[joint][1] - at[1]) < 0.5,
            `${id}: "${demo.keyframes[reached].label}" shown at ${t.toFixed(2)} s with ${joint} still moving`);
        }
        shown = reached;
      }
    }
  }
});

test('poseAt: moving into a pose keeps the caption of the pose before', () => {
  const keyframes = [
    { label: 'Down', move: 2, hold: 1, pose: { r_heel: [0, 95] } },
    { label: 'Up', move: 1, hold: 0.5, pose: { r_heel: [0, 85] } },
  ];
  const poses = resolve(keyframes);
  assert.deepEqual(poseAt(keyframes, poses, 0.5), { pose: { r_heel: [0, 85 + 10 * 0.15625] }, index: 0, reached: 1 });
  assert.equal(poseAt(keyframes, poses, 2.5).reached, 0); // holding "Down"
  assert.equal(poseAt(keyframes, poses, 3.9).reached, 0); // on the way up: still "Down"
  assert.equal(poseAt(keyframes, poses, 4.1).reached, 1); // up: "Up"
});
