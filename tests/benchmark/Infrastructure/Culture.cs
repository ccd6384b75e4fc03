using System.Globalization;

namespace Bridge.Benchmark.Tests.Infrastructure;

/// <summary>A culture that writes numbers unlike the invariant one (1.234,5), to show that the output does not follow the machine's.</summary>
internal static class Culture
{
    public static T Under<T>(string name, Func<T> action)
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
