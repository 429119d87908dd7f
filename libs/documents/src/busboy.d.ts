// The few parts of busboy 1.x (a dependency of multer, itself of @nestjs/platform-express) this library uses.
declare module 'busboy' {
  import { IncomingHttpHeaders } from 'node:http';
  import { Readable, Writable } from 'node:stream';

  namespace busboy {
    interface FileInfo {
      filename: string;
      encoding: string;
      mimeType: string;
    }
    interface Limits {
      fileSize?: number;
      files?: number;
      fields?: number;
      fieldSize?: number;
      parts?: number;
    }
    interface Config {
      headers: IncomingHttpHeaders;
      limits?: Limits;
      defParamCharset?: string;
    }
    type FileStream = Readable & { truncated: boolean };
    interface Busboy extends Writable {
      on(event: 'file', listener: (name: string, stream: FileStream, info: FileInfo) => void): this;
      on(event: 'field', listener: (name: string, value: string) => void): this;
      on(event: 'close' | 'finish' | 'filesLimit' | 'fieldsLimit' | 'partsLimit', listener: () => void): this;
      on(event: 'error', listener: (error: Error) => void): this;
    }
  }
  function busboy(config: busboy.Config): busboy.Busboy;
  export = busboy;
}
