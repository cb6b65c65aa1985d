/** One pipeline request: its stream requests run in order on the stream the baton names. */
import { ProtocolError, RequestError } from './errors';
import { checkSyntax, compileQuery, executeBatch, executeQuery, prepareStatement, resolveSql, singleStatement, validateCond } from './execution';
import type { HranaVersion, PipelineReqBody, PipelineRespJson, StreamRequest, StreamResponseJson, StreamResultJson } from './protocol';
import { splitStatements } from './sql-lexer';
import { requireConn, type HranaStream, type StreamRegistry } from './streams';

const MAX_STORED_SQL_COUNT = 50;
const MAX_STORED_SQL_BYTES = 5_000;

export async function runPipeline(streams: StreamRegistry, body: PipelineReqBody, version: HranaVersion): Promise<PipelineRespJson> {
  const stream = streams.acquire(body.baton);
  try {
    const results: StreamResultJson[] = [];
    // Requests run strictly in order; a failing request does not stop the ones after it.
    for (const request of body.requests) {
      try {
        results.push({ type: 'ok', response: await handleRequest(stream, request, version) });
      } catch (error) {
        if (!(error instanceof RequestError)) throw error;
        results.push({ type: 'error', error: error.toJson() });
      }
    }
    return { baton: streams.release(stream), base_url: null, results };
  } catch (error) {
    streams.destroy(stream);
    throw error;
  }
}

async function handleRequest(stream: HranaStream, request: StreamRequest, version: HranaVersion): Promise<StreamResponseJson> {
  switch (request.type) {
    case 'close':
      stream.conn?.close();
      stream.conn = undefined;
      return { type: 'close' };

    case 'execute': {
      const conn = requireConn(stream);
      const query = compileQuery(conn, request.stmt, stream.sqls, false);
      return { type: 'execute', result: await executeQuery(conn, query) };
    }

    case 'batch': {
      const conn = requireConn(stream);
      const steps = request.steps.map((step, i) => {
        const query = compileQuery(conn, step.stmt, stream.sqls, true);
        if (step.condition !== undefined) validateCond(step.condition, i, version);
        return { condition: step.condition, query };
      });
      return { type: 'batch', result: await executeBatch(conn, steps) };
    }

    case 'sequence': {
      const conn = requireConn(stream);
      const statements = splitStatements(resolveSql(request.sql, request.sqlId, stream.sqls));
      statements.forEach((statement) => checkSyntax(conn, statement));
      // Each statement runs only if the previous one succeeded; the first error fails the request.
      for (const statement of statements) {
        await executeQuery(conn, { statement, args: [], namedArgs: new Map(), wantRows: false });
      }
      return { type: 'sequence' };
    }

    case 'describe': {
      const conn = requireConn(stream);
      const statement = singleStatement(resolveSql(request.sql, request.sqlId, stream.sqls));
      const stmt = prepareStatement(conn, statement);
      return {
        type: 'describe',
        result: {
          params: statement.params.map((name) => ({ name })),
          cols: stmt.reader ? stmt.columns().map((col) => ({ name: col.name, decltype: col.type })) : [],
          is_explain: statement.isExplain,
          is_readonly: statement.isReadonly,
        },
      };
    }

    case 'store_sql': {
      if (stream.sqls.has(request.sqlId)) throw new ProtocolError(`SQL text ${request.sqlId} already exists`, 'SQL_EXISTS');
      if (stream.sqls.size >= MAX_STORED_SQL_COUNT) {
        throw new RequestError(`The server already stores ${stream.sqls.size} SQL texts, it cannot store more`, 'SQL_STORE_TOO_MANY');
      }
      const bytes = Buffer.byteLength(request.sql);
      if (bytes > MAX_STORED_SQL_BYTES) {
        throw new RequestError(`The statement is too large to be stored: ${bytes} B/${MAX_STORED_SQL_BYTES} B`, 'SQL_STORE_TOO_LARGE');
      }
      stream.sqls.set(request.sqlId, request.sql);
      return { type: 'store_sql' };
    }

    case 'close_sql':
      stream.sqls.delete(request.sqlId);
      return { type: 'close_sql' };

    case 'get_autocommit':
      if (version < 3) throw new ProtocolError('The `get_autocommit` request is only supported in protocol version hrana3 and higher');
      return { type: 'get_autocommit', is_autocommit: requireConn(stream).isAutocommit };
  }
}
