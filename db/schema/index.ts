export * from "./platform";
export * from "./customers";
export * from "./platform-services";
export * from "./membership";
export * from "./sales";
export * from "./service";
export * from "./integration";
export * from "./reports";
