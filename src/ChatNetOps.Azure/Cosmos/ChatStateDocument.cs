namespace ChatNetOps.Azure.Cosmos;

/// <summary>
/// One chat state entry as stored in the <c>chatstate</c> container (its id is the SHA-256 of <see cref="Key"/>).
/// <see cref="Writer"/> is unique per add, so an add whose create landed before a retried transient failure knows the
/// item is its own.
/// </summary>
internal sealed record ChatStateDocument(string Key, string Value, DateTimeOffset ExpiresAt, string Writer);
