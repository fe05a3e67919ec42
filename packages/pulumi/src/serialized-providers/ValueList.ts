import { lazyProvider } from "../provider-kit/lazy-provider";

// Its own module: see ../providers.ts.
export = lazyProvider("ValueList");
