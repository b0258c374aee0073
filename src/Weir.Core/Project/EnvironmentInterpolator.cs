using System.Text;

namespace Weir.Project;

/// <summary>
/// Replaces <c>${NAME}</c> and <c>${NAME:-default}</c> in a YAML value with environment variables.
/// <c>$${</c> stands for a literal <c>${</c>. As in a POSIX shell, the default is used when the variable is unset
/// or empty; a default ends at the first <c>}</c> (no nesting).
/// </summary>
internal sealed class EnvironmentInterpolator
{
    private readonly Func<string, string?> _environment;

    public EnvironmentInterpolator(Func<string, string?> environment)
    {
        _environment = environment;
    }

    /// <summary>Interpolates one value. Problems are named by variable only: values never appear in them.</summary>
    public InterpolationResult Interpolate(string text)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return new InterpolationResult(text, changed: false, [], error: null);
        }

        var result = new StringBuilder(text.Length);
        var missing = new List<string>();
        string? error = null;
        var changed = false;
        var i = 0;
        while (i < text.Length)
        {
            if (string.CompareOrdinal(text, i, "$${", 0, 3) == 0)
            {
                result.Append("${");
                changed = true;
                i += 3;
                continue;
            }

            if (string.CompareOrdinal(text, i, "${", 0, 2) != 0)
            {
                result.Append(text[i]);
                i++;
                continue;
            }

            var close = text.IndexOf('}', i + 2);
            if (close < 0)
            {
                error ??= "'${' is not closed by '}'";
                result.Append(text, i, text.Length - i);
                break;
            }

            var inner = text.AsSpan(i + 2, close - i - 2);
            var split = inner.IndexOf(":-", StringComparison.Ordinal);
            var name = (split < 0 ? inner : inner[..split]).ToString();
            var fallback = split < 0 ? null : inner[(split + 2)..].ToString();
            changed = true;
            if (!IsVariableName(name))
            {
                error ??= $"'{name}' is not a variable name (letters, digits and '_', not starting with a digit)";
            }
            else
            {
                var value = _environment(name);
                if (string.IsNullOrEmpty(value) && fallback is not null)
                {
                    result.Append(fallback);
                }
                else if (value is null)
                {
                    if (!missing.Contains(name, StringComparer.Ordinal))
                    {
                        missing.Add(name);
                    }
                }
                else
                {
                    result.Append(value);
                }
            }

            i = close + 1;
        }

        return new InterpolationResult(result.ToString(), changed, missing, error);
    }

    private static bool IsVariableName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
