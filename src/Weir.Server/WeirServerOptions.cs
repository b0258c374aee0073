using Microsoft.Extensions.Logging;

namespace Weir.Server;

/// <summary>How <see cref="WeirServer"/> listens and what it accepts.</summary>
public sealed class WeirServerOptions
{
    /// <summary>The address the server listens on when none is given: the loopback interface only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>The largest request body accepted by default: 64 MiB.</summary>
    public const long DefaultMaxRequestBodySize = 64L * 1024 * 1024;

    /// <summary>The addresses to listen on (port 0: one the system picks).</summary>
    /// <value>Defaults to <see cref="DefaultUrl"/>.</value>
    public IList<string> Urls { get; } = [];

    /// <summary>The largest request body, in bytes; a larger one is answered 413 and nothing of it is committed.</summary>
    /// <value>Defaults to <see cref="DefaultMaxRequestBodySize"/>.</value>
    public long MaxRequestBodySize { get; set; } = DefaultMaxRequestBodySize;

    /// <summary>The clock for runs and batch ids.</summary>
    /// <value>Defaults to <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where the server and ASP.NET Core log; <see langword="null"/> for nowhere.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
