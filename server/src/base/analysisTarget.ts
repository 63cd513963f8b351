import type { ts } from '../typescript';

/** A file to analyze, as the project layer gives it to the engine. */
export interface AnalysisTarget {
  sourceFile: ts.SourceFile;
  /** Builds (or reuses) the program only when a rule first asks for types. */
  getProgram(): ts.Program;
}
