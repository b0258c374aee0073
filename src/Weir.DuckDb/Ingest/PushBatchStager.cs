using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Weir.DuckDb.Ingest;

/// <summary>
/// Reads a pushed body into a <see cref="PushStagedBatch"/> as it arrives: NDJSON line by line (a body larger than
/// memory is fine), JSON as one document. Every row that is a JSON object is rewritten compact on one line with its
/// position in the batch added, so DuckDB reads it with its line; any other row becomes a bad row with a reason.
/// </summary>
internal static class PushBatchStager
{
    /// <summary>The column that carries a row's position in the batch (its NDJSON line, or its JSON array element).</summary>
    public const string LineColumn = "__weir_line";

    private static readonly byte[] s_newLine = "\n"u8.ToArray();

    public static async Task<PushStagedBatch> StageAsync(
        Stream body, PushBodyFormat format, string folder, string batchId, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        body = new CountingStream(body);
        var staged = new PushStagedBatch(Path.Combine(folder, batchId + ".rows.ndjson"), Path.Combine(folder, batchId + ".bad.ndjson"));
        try
        {
            var rows = new FileStream(staged.RowsPath, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16, useAsync: true);
            await using (rows.ConfigureAwait(false))
            {
                var bad = new FileStream(staged.BadPath, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 12, useAsync: true);
                await using (bad.ConfigureAwait(false))
                {
                    using var writer = new Sink(rows, bad, staged);
                    if (format == PushBodyFormat.Ndjson)
                    {
                        await StageLinesAsync(body, writer, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await StageDocumentAsync(body, writer, cancellationToken).ConfigureAwait(false);
                    }

                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            staged.Bytes = ((CountingStream)body).Count;
            staged.Sha256 = ((CountingStream)body).Sha256();

            return staged;
        }
        catch
        {
            staged.Dispose();
            throw;
        }
    }

    private static async Task StageLinesAsync(Stream body, Sink sink, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        long line = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException ex)
            {
                await sink.BadAsync(line, text, "not valid JSON: " + ex.Message, cancellationToken).ConfigureAwait(false);
                continue;
            }

            using (document)
            {
                sink.Batch.Json++;
                await sink.RowAsync(line, document.RootElement, text, cancellationToken).ConfigureAwait(false);
            }
        }

        if (sink.Batch.Read == 0)
        {
            throw new PushBatchException(PushBatchFailure.InvalidBody, "the batch holds no rows: send one JSON object per line");
        }

        if (sink.Batch.Json == 0)
        {
            throw new PushBatchException(PushBatchFailure.InvalidBody, "the body is not NDJSON: no line of it is JSON");
        }
    }

    private static async Task StageDocumentAsync(Stream body, Sink sink, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, default, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new PushBatchException(PushBatchFailure.InvalidBody, "the body is not JSON: " + ex.Message, innerException: ex);
        }

        using (document)
        {
            var root = document.RootElement;
            switch (root.ValueKind)
            {
                case JsonValueKind.Object:
                    sink.Batch.Json++;
                    await sink.RowAsync(1, root, null, cancellationToken).ConfigureAwait(false);
                    break;
                case JsonValueKind.Array:
                    long index = 0;
                    foreach (var element in root.EnumerateArray())
                    {
                        sink.Batch.Json++;
                        await sink.RowAsync(++index, element, null, cancellationToken).ConfigureAwait(false);
                    }

                    if (index == 0)
                    {
                        throw new PushBatchException(PushBatchFailure.InvalidBody, "the batch holds no rows: the array is empty");
                    }

                    break;
                default:
                    throw new PushBatchException(PushBatchFailure.InvalidBody,
                        $"a JSON body must be an array of objects or one object, not {root.ValueKind.ToString().ToLowerInvariant()}");
            }
        }
    }

    /// <summary>A read-only view of the body that counts and hashes the bytes read through it.</summary>
    private sealed class CountingStream : Stream
    {
        private readonly Stream _inner;
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public CountingStream(Stream inner) => _inner = inner;

        public long Count { get; private set; }

        /// <summary>The SHA-256 of the bytes read, in lowercase hex.</summary>
        public string Sha256() => Convert.ToHexStringLower(_hash.GetHashAndReset());

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => Count;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = _inner.Read(buffer, offset, count);
            Count += read;
            _hash.AppendData(buffer, offset, read);
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            Count += read;
            _hash.AppendData(buffer.Span[..read]);
            return read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Writes good rows and bad rows to their files.</summary>
    private sealed class Sink : IDisposable
    {
        private readonly Stream _rows;
        private readonly Stream _bad;
        private readonly ArrayBufferWriter<byte> _buffer = new(1 << 12);
        private readonly Utf8JsonWriter _json;

        public Sink(Stream rows, Stream bad, PushStagedBatch batch)
        {
            _rows = rows;
            _bad = bad;
            Batch = batch;
            _json = new Utf8JsonWriter(_buffer);
        }

        public PushStagedBatch Batch { get; }

        public async Task RowAsync(long line, JsonElement element, string? text, CancellationToken cancellationToken)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                await BadAsync(line, text ?? Compact(element), $"not a JSON object but {element.ValueKind.ToString().ToLowerInvariant()}", cancellationToken)
                    .ConfigureAwait(false);
                return;
            }

            if (element.TryGetProperty(LineColumn, out _))
            {
                await BadAsync(line, text ?? Compact(element), $"the key \"{LineColumn}\" is reserved", cancellationToken).ConfigureAwait(false);
                return;
            }

            _buffer.ResetWrittenCount();
            _json.Reset();
            _json.WriteStartObject();
            _json.WriteNumber(LineColumn, line);
            foreach (var property in element.EnumerateObject())
            {
                property.WriteTo(_json);
            }

            _json.WriteEndObject();
            _json.Flush();
            await _rows.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await _rows.WriteAsync(s_newLine, cancellationToken).ConfigureAwait(false);
            Batch.Rows++;
        }

        public async Task BadAsync(long line, string raw, string reason, CancellationToken cancellationToken)
        {
            _buffer.ResetWrittenCount();
            _json.Reset();
            _json.WriteStartObject();
            _json.WriteNumber("line", line);
            _json.WriteString("raw", raw);
            _json.WriteString("reason", reason);
            _json.WriteEndObject();
            _json.Flush();
            await _bad.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await _bad.WriteAsync(s_newLine, cancellationToken).ConfigureAwait(false);
            Batch.Bad++;
        }

        public void Dispose() => _json.Dispose();

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            await _rows.FlushAsync(cancellationToken).ConfigureAwait(false);
            await _bad.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        private static string Compact(JsonElement element)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                element.WriteTo(writer);
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
    }
}
