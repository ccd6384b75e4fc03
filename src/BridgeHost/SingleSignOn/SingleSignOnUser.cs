namespace Bridge.SingleSignOn;

/// <summary>A demo user: <c>SingleSignOn:Users:{name}</c>.</summary>
internal sealed class SingleSignOnUser
{
    /// <summary>The password's hash in ASP.NET Core Identity's format (<c>hash-password</c> makes one).</summary>
    public string PasswordHash { get; set; } = "";
}
