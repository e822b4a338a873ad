// Taro's React runtime entry ships without type declarations; only the jest shim imports it.
declare module '@tarojs/plugin-framework-react/dist/runtime'
