import next from "eslint-config-next";

const config = [...next, { ignores: ["lib/generated/**", ".next/**", ".next-*/**", "node_modules/**", "data/**", "dist/**"] }];

export default config;
