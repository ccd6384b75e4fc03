namespace Bridge.SingleSignOn.Apps;

/// <summary>Which app of <see cref="SingleSignOnOptions.Apps"/> this app server is, with its back-channel credentials.</summary>
internal sealed record AppIdentity(string Name, string Origin, string ClientId, string ClientSecret);
