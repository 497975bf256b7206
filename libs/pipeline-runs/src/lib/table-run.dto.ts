import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Matches } from 'class-validator';

/** Body of POST /runs on the extractor and the loader. */
export class TableRunDto {
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { message: 'pipeline must be a pipeline name' })
  pipeline = 'default';

  /** Default: every table of the pipeline. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  tables?: string[];
}
