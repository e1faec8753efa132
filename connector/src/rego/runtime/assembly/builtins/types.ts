// Type tests, type names and number conversion.
import { Value, Str, Bool, T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, boolValue, intValue, numberFromText } from '../value';

const NAMES = ['', 'null', 'boolean', 'number', 'string', 'array', 'object', 'set'];

export function isType(kind: i32, v: Value): Value {
  return boolValue(v.kind == kind);
}

export function typeName(v: Value): Value {
  return new Str(NAMES[v.kind]);
}

export function toNumber(v: Value): Value | null {
  switch (v.kind) {
    case T_NULL:
      return intValue(0);
    case T_BOOLEAN:
      return intValue(changetype<Bool>(v).b ? 1 : 0);
    case T_NUMBER:
      return v;
    case T_STRING: {
      const s = changetype<Str>(v).s;
      if (!isNumberText(s)) return null;
      return numberFromText(s);
    }
    default:
      return null;
  }
}

/** JSON number syntax (what OPA's to_number accepts, plus a leading `+`-less sign). */
function isNumberText(s: string): bool {
  let i = 0;
  const n = s.length;
  if (i < n && s.charCodeAt(i) == 45) i++;
  const startDigits = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  if (i == startDigits) return false;
  if (i < n && s.charCodeAt(i) == 46) {
    i++;
    const f = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i == f) return false;
  }
  if (i < n && (s.charCodeAt(i) == 101 || s.charCodeAt(i) == 69)) {
    i++;
    if (i < n && (s.charCodeAt(i) == 43 || s.charCodeAt(i) == 45)) i++;
    const e = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i == e) return false;
  }
  return i == n;
}

function isDigit(c: i32): bool {
  return c >= 48 && c <= 57;
}

