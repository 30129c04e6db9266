// Grafana's dashboard types as the dashboard's JSON spells them. The types
// use TypeScript enums (ThresholdsMode.Absolute, DashboardCursorSync.Tooltip)
// where JSON holds their values ("absolute", 1), and TypeScript accepts no
// string literal for a string enum; this maps every enum to the union of its
// values and leaves everything else as it is (optional and required
// properties, literal types, arrays, records; `any` stays `any`).
export type Jsonify<T> =
  0 extends 1 & T ? T
  : T extends string ? `${T}`
  : T extends number ? (`${T}` extends `${infer N extends number}` ? N : never)
  : T extends readonly (infer E)[] ? Jsonify<E>[]
  : T extends object ? { [K in keyof T]: Jsonify<T[K]> }
  : T;
