// Element Plus ships a component's stylesheet as a side-effect module without types; the app imports
// one itself where the component is fetched on demand (utils/feedback.ts, the message box).
declare module 'element-plus/es/components/*/style/css.mjs'
