// class-transformer ships its metadata storage without a declaration beside the CommonJS file.
declare module 'class-transformer/cjs/storage' {
  export const defaultMetadataStorage: import('class-transformer/types/MetadataStorage').MetadataStorage;
}
