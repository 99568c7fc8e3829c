import { describe, expect, it } from 'vitest';

import { expectClose } from './expect-close.test-support.js';
import { logBetaTails, regularizedBeta } from './incomplete-beta.js';
import { chiSquareCdf, chiSquareSf } from './incomplete-gamma.js';
import { kolmogorovSf } from './kolmogorov.js';
import { logBeta, logGamma } from './log-gamma.js';
import { logNormalCdf, normalCdf, normalQuantile, normalSf } from './normal.js';

// Reference values from R 4.2.2 (pnorm, qnorm, lgamma, lbeta, pchisq, pbeta), printed with %.17g.
describe('normal distribution', () => {
  const cases: [z: number, cdf: number, logCdf: number][] = [
    [-37.5, 4.6053530095819552e-308, -707.66898931750723],
    [-20, 2.7536241186062337e-89, -203.91715537109727],
    [-10, 7.6198530241605269e-24, -53.23128515051247],
    [-5, 2.8665157187919391e-7, -15.064998393988725],
    [-3, 0.0013498980316300946, -6.6077262215103492],
    [-1.96, 0.024997895148220428, -3.6889636517296385],
    [-1, 0.15865525393145705, -1.8410216450092636],
    [-0.5, 0.30853753872598694, -1.1759117615936185],
    [0, 0.5, -0.69314718055994529],
    [0.3, 0.61791142218895267, -0.48141016158848116],
    [1, 0.84134474606854293, -0.17275377902344988],
    [1.644853626951472, 0.95, -0.05129329438755062],
    [2.5, 0.99379033467422384, -0.0062290254858600024],
    [6, 0.9999999990134123, -9.8658764552437559e-10],
    [8.2, 0.99999999999999989, -1.2019351542735859e-16],
  ];
  it.each(cases)('Φ(%d) matches R pnorm', (z, cdf, logCdf) => {
    expectClose(normalCdf(z), cdf, 1e-12);
    expectClose(normalSf(-z), cdf, 1e-12);
    expectClose(logNormalCdf(z), logCdf, 1e-11);
  });

  const quantiles: [p: number, z: number][] = [
    [1e-300, -37.047096299361201],
    [1e-20, -9.2623400897984052],
    [1e-10, -6.3613409024040557],
    [1e-5, -4.2648907939228256],
    [0.001, -3.0902323061678132],
    [0.01, -2.3263478740408408],
    [0.025, -1.9599639845400538],
    [0.05, -1.6448536269514726],
    [0.1, -1.2815515655446008],
    [0.3, -0.52440051270804067],
    [0.4249, -0.18937361815725545],
    [0.425, -0.18911842627279249],
    [0.5, 0],
    [0.7, 0.52440051270804067],
    [0.9, 1.2815515655446008],
    [0.975, 1.9599639845400536],
    [0.99, 2.3263478740408408],
    [0.999999, 4.7534243088170891],
    [1 - 1e-12, 7.0344869100478356],
  ];
  it.each(quantiles)('Φ⁻¹(%d) matches R qnorm (AS241)', (p, z) => {
    expectClose(normalQuantile(p), z, 1e-13, 1e-15);
  });

  it('round-trips and handles the edges', () => {
    for (const p of [1e-12, 0.001, 0.2, 0.5, 0.77, 0.999])
      expectClose(normalCdf(normalQuantile(p)), p, 1e-12);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(1.5)).toBeNaN();
    expect(normalCdf(Number.NaN)).toBeNaN();
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
  });
});

describe('log-gamma and log-beta', () => {
  const cases: [x: number, value: number][] = [
    [0.001, 6.9071788853838534],
    [0.1, 2.252712651734206],
    [0.5, 0.57236494292470008],
    [1, 0],
    [1.5, -0.12078223763524518],
    [2, 0],
    [2.5, 0.28468287047291918],
    [3.7, 1.4280723266653881],
    [10, 12.801827480081469],
    [100.25, 360.28455963776423],
    [1000, 5905.2204232091808],
    [123456.5, 1323898.6306627369],
    [1e7, 151180949.36947393],
  ];
  it.each(cases)('lnΓ(%d) matches R lgamma', (x, value) => {
    expectClose(logGamma(x), value, 1e-13, 1e-14);
  });

  it('agrees with ln((n−1)!) computed by summation', () => {
    let logFactorial = 0;
    for (let n = 1; n <= 170; n++) {
      expectClose(logGamma(n), logFactorial, 1e-13, 1e-14);
      logFactorial += Math.log(n);
    }
  });

  it.each([
    [0.5, 0.5, 1.1447298858494004],
    [1, 1, 0],
    [2.5, 7, -4.8253993383142486],
    [1000, 20, -99.003998286911681],
    [1e6 + 1, 3e5 + 2, -702273.83579080994],
  ])('ln B(%d, %d) matches R lbeta', (a, b, value) => {
    expectClose(logBeta(a, b), value, 1e-12, 1e-12);
  });

  it('is NaN outside its domain', () => {
    expect(logGamma(0)).toBeNaN();
    expect(logGamma(-1)).toBeNaN();
  });
});

describe('chi-square distribution', () => {
  const q = [0.1, 1, 3.84, 7.5, 20, 50, 150];
  const table: [df: number, cdf: number[], sf: number[]][] = [
    [
      1,
      [
        0.24817036595415071, 0.68268949213708596, 0.94995647875129474, 0.99383010067945587,
        0.99999225578356898, 0.99999999999846256, 1,
      ],
      [
        0.75182963404584935, 0.31731050786291415, 0.050043521248705224, 0.0061698993205441532,
        7.7442164310440858e-6, 1.5374597944280343e-12, 1.733643245717827e-34,
      ],
    ],
    [
      2,
      [
        0.048770575499285991, 0.39346934028736658, 0.85339303786964982, 0.97648225414399092,
        0.99995460007023751, 0.99999999998611211, 1,
      ],
      [
        0.95122942450071402, 0.60653065971263342, 0.14660696213035015, 0.023517745856009107,
        4.5399929762484854e-5, 1.3887943864964021e-11, 2.6786369618080778e-33,
      ],
    ],
    [
      5,
      [
        0.00016231661192261506, 0.03743422675270363, 0.42732554016791124, 0.81397016639713304,
        0.99875026943696865, 0.99999999861420263, 1,
      ],
      [
        0.99983768338807744, 0.96256577324729642, 0.57267445983208876, 0.18602983360286701,
        0.0012497305630313755, 1.3857973367009593e-9, 1.3351378873003131e-30,
      ],
    ],
    [
      10,
      [
        2.4979513360065108e-9, 0.00017211562995584072, 0.045723695679264195, 0.32245236389545634,
        0.97074731192303887, 0.99999973309165746, 1,
      ],
      [
        0.99999999750204871, 0.99982788437004411, 0.95427630432073585, 0.6775476361045436,
        0.029252688076961079, 2.6690834249044957e-7, 3.7274850550625098e-27,
      ],
    ],
    [
      37,
      [
        2.9341632423853488e-41, 6.0562431233600978e-23, 1.0212562313193453e-12, 4.362372370877278e-8,
        0.010189073225303638, 0.92493118283703035, 0.99999999999999845,
      ],
      [
        1, 1, 0.99999999999897871, 0.99999995637627626, 0.9898109267746964, 0.07506881716296962,
        1.5100589360700533e-15,
      ],
    ],
  ];
  it.each(table)('df = %d matches R pchisq (both tails)', (df, cdf, sf) => {
    q.forEach((x, i) => {
      expectClose(chiSquareCdf(x, df), cdf[i] as number, 1e-11);
      expectClose(chiSquareSf(x, df), sf[i] as number, 1e-11);
    });
  });

  it('has closed forms for df = 2 and the right edges', () => {
    for (const x of [0.01, 1, 13, 400]) expectClose(chiSquareSf(x, 2), Math.exp(-x / 2), 1e-13);
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(chiSquareCdf(-1, 3)).toBe(0);
    expect(chiSquareCdf(1, 0)).toBeNaN();
  });
});

describe('incomplete beta', () => {
  it.each([
    [0.3, 2, 5, 0.57982500000000015],
    [0.05, 1, 1, 0.05000000000000001],
    [0.05, 13, 88, 0.0014643480080344573],
    [0.5, 200, 300, 0.99999645651973568],
    [0.9, 0.5, 0.5, 0.79516723530086664],
    [0.05, 501, 9001, 0.11602758029116096],
  ])('I_%d(%d, %d) matches R pbeta', (x, a, b, value) => {
    expectClose(regularizedBeta(x, a, b), value, 1e-11);
  });

  it.each([
    [0.05, 13, 88, -0.0014654212134041532],
    [0.05, 2, 5000, -250.94101899862093],
    [0.3, 400, 100, -1.4884050945257094e-118],
  ])('ln(1 − I_%d(%d, %d)) matches R pbeta(lower.tail = FALSE, log.p = TRUE)', (x, a, b, value) => {
    expectClose(logBetaTails(x, a, b).upper, value, 1e-10);
  });

  it('agrees with the binomial identity I_p(k, n−k+1) = P(Bin(n, p) ≥ k)', () => {
    const n = 12;
    const p = 0.37;
    let tail = 0;
    for (let k = n; k >= 1; k--) {
      let choose = 1;
      for (let i = 0; i < k; i++) choose = (choose * (n - i)) / (i + 1);
      tail += choose * p ** k * (1 - p) ** (n - k);
      expectClose(regularizedBeta(p, k, n - k + 1), tail, 1e-12);
    }
  });
});

describe('Kolmogorov distribution', () => {
  // Published critical values: P(K > 1.358) ≈ 0.05, P(K > 1.628) ≈ 0.01; values from the
  // alternating series summed to 200 terms in R (x = 3: its two leading terms).
  it.each([
    [0.3, 0.99999069419866538],
    [0.5, 0.96394524366487511],
    [0.8, 0.54414241157419807],
    [1, 0.2699996716773545],
    [1.2247, 0.099583728297736096],
    [1.36, 0.049485876755377856],
    [1.63, 0.0098463648884865584],
    [2, 0.00067092525577971962],
    [3, 2 * Math.exp(-18) - 2 * Math.exp(-72)],
  ])('P(K > %d)', (x, value) => {
    expectClose(kolmogorovSf(x), value, 1e-10);
  });

  it('is continuous where the two series meet', () => {
    expectClose(kolmogorovSf(1 - 1e-12), kolmogorovSf(1 + 1e-12), 1e-10);
    expect(kolmogorovSf(0)).toBe(1);
  });
});
