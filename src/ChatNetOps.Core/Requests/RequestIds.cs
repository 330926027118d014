namespace ChatNetOps.Core.Requests;

using System.Security.Cryptography;

/// <summary>Short request ids people can type in chat: <c>R-</c> and eight Crockford base32 characters.</summary>
public static class RequestIds
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New() => "R-" + RandomNumberGenerator.GetString(Alphabet, 8);

    public static string Normalize(string id) => id.Trim().ToUpperInvariant();
}
