import { useCallback, useEffect, useRef, useState } from 'react';
import type { InputOf, OpName, OutputOf } from '../../../shared/api/index';
import { ApiError, call } from './client';

export interface CallState<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** Fetches an operation's result and refetches when the input changes (compared as JSON). */
export function useCall<N extends OpName>(name: N, input: InputOf<N>, enabled = true): CallState<OutputOf<N>> {
  const [data, setData] = useState<OutputOf<N>>();
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(enabled);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(input);
  const latest = useRef(0);
  useEffect(() => {
    if (!enabled) return;
    const id = ++latest.current;
    setLoading(true);
    call(name, JSON.parse(key) as InputOf<N>)
      .then((value) => {
        if (id !== latest.current) return;
        setData(value);
        setError(null);
      })
      .catch((e: unknown) => {
        if (id !== latest.current) return;
        setError(e instanceof ApiError ? e : new ApiError('INTERNAL', String(e)));
      })
      .finally(() => id === latest.current && setLoading(false));
  }, [name, key, tick, enabled]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}
