export * from "./platform";
export * from "./customers";
