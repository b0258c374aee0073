using System.Security.Cryptography;
using System.Text;
using Weir.Project;

namespace Weir.Server.Push;

/// <summary>
/// The push sources and their tokens, kept only as SHA-256 hashes and compared in fixed time. An unknown source is
/// checked against a random hash, so the answer (401) and its timing do not tell which sources exist.
/// </summary>
internal sealed class PushTokens
{
    private readonly Dictionary<string, (SourceSpec Source, byte[] Hash)> _sources = new(StringComparer.OrdinalIgnoreCase);
    private readonly byte[] _decoy = RandomNumberGenerator.GetBytes(SHA256.HashSizeInBytes);

    public PushTokens(IEnumerable<SourceSpec> sources)
    {
        foreach (var source in sources.Where(s => s.Format == SourceFormat.Push && !string.IsNullOrEmpty(s.Token)))
        {
            _sources[source.Name] = (source, Hash(source.Token!));
        }
    }

    public IEnumerable<string> Names => _sources.Keys;

    /// <summary>The source named <paramref name="name"/> when <paramref name="token"/> is its token; otherwise <see langword="null"/>.</summary>
    public SourceSpec? Authenticate(string name, string? token)
    {
        var known = _sources.TryGetValue(name, out var entry);
        var expected = known ? entry.Hash : _decoy;
        var given = Hash(token ?? string.Empty);
        var match = CryptographicOperations.FixedTimeEquals(given, expected);
        return known && match && token is { Length: > 0 } ? entry.Source : null;
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
