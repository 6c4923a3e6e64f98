import { ApiProperty } from '@nestjs/swagger';

/**
 * A resource that changes under If-Match. The ETag interceptor (edge.ts)
 * sets the answer's ETag, "<id>.<version>", from these two fields, so a
 * handler returns the resource and never touches the reply.
 */
export abstract class VersionedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  /** Moves with every change; the ETag is "<id>.<version>" (send it as If-Match to change the resource). */
  version: number;
}

/** A versioned resource with its timestamps. */
export abstract class VersionedRecordDto extends VersionedDto {
  createdAt: string;
  updatedAt: string;
}

/** The version and timestamps of a stored row, as a VersionedRecordDto carries them. */
export function versionStamps(row: {
  version: number;
  createdAt: Date | string;
  updatedAt: Date | string;
}): Pick<VersionedRecordDto, 'version' | 'createdAt' | 'updatedAt'> {
  return { version: row.version, createdAt: new Date(row.createdAt).toISOString(), updatedAt: new Date(row.updatedAt).toISOString() };
}
