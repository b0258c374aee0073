using System.Net;

namespace Weir.Server.Tests.TestSupport;

/// <summary>
/// A request body sent chunked in two parts: the first <see cref="FirstPart"/> bytes at once, the rest only when
/// <see cref="Release"/> is called — so a test can act while the server holds half a batch.
/// </summary>
internal sealed class GatedContent : HttpContent
{
    private readonly byte[] _body;
    private readonly TaskCompletionSource _firstSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GatedContent(byte[] body, int firstPart, string mediaType)
    {
        _body = body;
        FirstPart = firstPart;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
    }

    public int FirstPart { get; }

    public Task FirstSent => _firstSent.Task;

    public void Release() => _released.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(_body.AsMemory(0, FirstPart));
        await stream.FlushAsync();
        _firstSent.TrySetResult();
        await _released.Task;
        await stream.WriteAsync(_body.AsMemory(FirstPart));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
