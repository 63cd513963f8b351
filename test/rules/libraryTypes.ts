/**
 * Type declarations of the libraries the concurrency and timeout rules know, for the in-memory test
 * projects: the shapes of the real packages' own declarations, cut down to what the tests call.
 */

const P_LIMIT = `declare module 'p-limit' {
  namespace pLimit {
    interface Limit {
      readonly activeCount: number;
      readonly pendingCount: number;
      <Arguments extends unknown[], ReturnType>(
        fn: (...arguments: Arguments) => PromiseLike<ReturnType> | ReturnType,
        ...arguments: Arguments
      ): Promise<ReturnType>;
    }
  }
  function pLimit(concurrency: number): pLimit.Limit;
  export = pLimit;
}
`;

const OTHER_LIMITERS = `declare module 'p-map' {
  export interface Options {
    readonly concurrency?: number;
    readonly stopOnError?: boolean;
  }
  export default function pMap<Element, NewElement>(
    input: Iterable<Element>,
    mapper: (element: Element, index: number) => NewElement | Promise<NewElement>,
    options?: Options,
  ): Promise<NewElement[]>;
}

declare module 'p-queue' {
  export default class PQueue {
    constructor(options?: { concurrency?: number });
    add<TaskResult>(task: () => Promise<TaskResult> | TaskResult): Promise<TaskResult>;
    onIdle(): Promise<void>;
  }
}

declare module 'bottleneck' {
  class Bottleneck {
    constructor(options?: { maxConcurrent?: number | null; minTime?: number });
    schedule<R>(fn: () => PromiseLike<R>): Promise<R>;
    wrap<R, A1>(fn: (arg1: A1) => PromiseLike<R>): (arg1: A1) => Promise<R>;
  }
  export default Bottleneck;
}

declare module 'async' {
  export function mapLimit<T, R>(items: T[], limit: number, iterator: (item: T) => Promise<R>): Promise<R[]>;
  export function map<T, R>(items: T[], iterator: (item: T) => Promise<R>): Promise<R[]>;
  const async: { mapLimit: typeof mapLimit; map: typeof map };
  export default async;
}
`;

const HTTP_CLIENTS = `declare module 'axios' {
  export interface AxiosRequestConfig<D = any> {
    url?: string;
    method?: string;
    baseURL?: string;
    data?: D;
    headers?: Record<string, string>;
    timeout?: number;
    signal?: AbortSignal;
  }
  export interface AxiosResponse<T = any> {
    data: T;
    status: number;
  }
  export class Axios {
    defaults: AxiosRequestConfig;
    request<T = any, R = AxiosResponse<T>, D = any>(config: AxiosRequestConfig<D>): Promise<R>;
    get<T = any, R = AxiosResponse<T>, D = any>(url: string, config?: AxiosRequestConfig<D>): Promise<R>;
    delete<T = any, R = AxiosResponse<T>, D = any>(url: string, config?: AxiosRequestConfig<D>): Promise<R>;
    post<T = any, R = AxiosResponse<T>, D = any>(url: string, data?: D, config?: AxiosRequestConfig<D>): Promise<R>;
    put<T = any, R = AxiosResponse<T>, D = any>(url: string, data?: D, config?: AxiosRequestConfig<D>): Promise<R>;
    getUri(config?: AxiosRequestConfig): string;
  }
  export interface AxiosInstance extends Axios {
    <T = any, R = AxiosResponse<T>, D = any>(config: AxiosRequestConfig<D>): Promise<R>;
    <T = any, R = AxiosResponse<T>, D = any>(url: string, config?: AxiosRequestConfig<D>): Promise<R>;
  }
  export interface AxiosStatic extends AxiosInstance {
    create(config?: AxiosRequestConfig): AxiosInstance;
  }
  declare const axios: AxiosStatic;
  export default axios;
}

declare module 'got' {
  export type Delays = Partial<Record<'lookup' | 'connect' | 'secureConnect' | 'socket' | 'send' | 'response' | 'request', number>>;
  export interface OptionsInit {
    method?: string;
    json?: unknown;
    timeout?: Delays;
    signal?: AbortSignal;
    prefixUrl?: string;
  }
  export interface Response<T = string> {
    body: T;
    statusCode: number;
  }
  export interface GotRequestFunction {
    (url: string | URL, options?: OptionsInit): Promise<Response>;
    (options: OptionsInit & { url: string | URL }): Promise<Response>;
  }
  export interface Got extends GotRequestFunction {
    get: GotRequestFunction;
    post: GotRequestFunction;
    extend(...options: OptionsInit[]): Got;
  }
  declare const got: Got;
  export default got;
}

declare module 'undici' {
  export interface RequestOptions {
    method?: string;
    body?: string;
    signal?: AbortSignal;
    headersTimeout?: number;
    bodyTimeout?: number;
  }
  export interface ResponseData {
    statusCode: number;
    body: { text(): Promise<string> };
  }
  export function request(url: string | URL, options?: RequestOptions): Promise<ResponseData>;
  export function fetch(input: string | URL, init?: RequestInit): Promise<Response>;
  export class Client {
    constructor(url: string, options?: { headersTimeout?: number });
    request(options: RequestOptions & { path: string }): Promise<ResponseData>;
  }
}
`;

const DATABASES = `declare module 'pg' {
  export interface QueryResult<R = any> {
    rows: R[];
    rowCount: number | null;
  }
  export class Client {
    connect(): Promise<void>;
    query<R = any>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
    end(): Promise<void>;
  }
  export class Pool {
    query<R = any>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
    connect(): Promise<Client>;
  }
}

declare module 'mongoose' {
  export interface Document {
    save(): Promise<this>;
    validate(): Promise<void>;
  }
}
`;

export const P_LIMIT_TYPES: Record<string, string> = { 'types/p-limit.d.ts': P_LIMIT };
export const LIMITER_TYPES: Record<string, string> = { 'types/limiters.d.ts': OTHER_LIMITERS };
export const HTTP_CLIENT_TYPES: Record<string, string> = { 'types/http-clients.d.ts': HTTP_CLIENTS };
export const DATABASE_TYPES: Record<string, string> = { 'types/databases.d.ts': DATABASES };
export const LIBRARY_TYPES: Record<string, string> = { ...P_LIMIT_TYPES, ...LIMITER_TYPES, ...HTTP_CLIENT_TYPES };
