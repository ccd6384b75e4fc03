using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Bridge.Relay;

/// <summary>
/// The server's request feature for a relayed request the policy accepted, with one difference: a method change after
/// the check (a method-override middleware reading <c>_method</c> from a form body, say, which the policy cannot see
/// before the app reads the body) is checked against the site's methods, and refused by throwing
/// <see cref="RelayedMethodChangeRefusedException"/> before the app can act on it.
/// </summary>
internal sealed class MethodCheckedRequestFeature(IHttpRequestFeature server, SitePolicy site) : IHttpRequestFeature
{
    public IHttpRequestFeature Server => server;

    public string Method
    {
        get => server.Method;
        set
        {
            if (!site.AllowsMethod(value))
            {
                throw new RelayedMethodChangeRefusedException(server.Method, value);
            }
            server.Method = value;
        }
    }

    public string Protocol { get => server.Protocol; set => server.Protocol = value; }

    public string Scheme { get => server.Scheme; set => server.Scheme = value; }

    public string PathBase { get => server.PathBase; set => server.PathBase = value; }

    public string Path { get => server.Path; set => server.Path = value; }

    public string QueryString { get => server.QueryString; set => server.QueryString = value; }

    public string RawTarget { get => server.RawTarget; set => server.RawTarget = value; }

    public IHeaderDictionary Headers { get => server.Headers; set => server.Headers = value; }

    public Stream Body { get => server.Body; set => server.Body = value; }

    /// <summary>Puts the wrapper in front of the server's feature; returns the server's, to put back after the request.</summary>
    public static IHttpRequestFeature? Apply(IFeatureCollection features, SitePolicy site)
    {
        var server = features.Get<IHttpRequestFeature>();
        if (server is not null)
        {
            features.Set<IHttpRequestFeature>(new MethodCheckedRequestFeature(server, site));
        }
        return server;
    }
}

/// <summary>
/// Thrown when something in the app's pipeline changes a relayed request's method to one its site does not allow;
/// <see cref="RelayPolicyMiddleware"/> answers it as a <c>method-not-allowed</c> refusal.
/// </summary>
internal sealed class RelayedMethodChangeRefusedException(string checkedMethod, string newMethod)
    : InvalidOperationException($"A relayed request checked as {checkedMethod} was changed to {newMethod}, which its site's relay policy does not allow.")
{
    public string CheckedMethod { get; } = checkedMethod;

    public string NewMethod { get; } = newMethod;
}
