using HomeSer.Web.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HomeSer.Web.Infrastructure;

/// <summary>
/// The one adapter between the domain's <see cref="Result{T}"/> and HTTP, bound with <c>[AsParameters]</c>: it resolves
/// the actor (none is 401), runs the call and answers the typed success or the contract's problem+json. An endpoint
/// then reads as one line: <c>api.OkAsync((actor, ct) =&gt; bookings.ConfirmAsync(actor, id, ct))</c>.
/// </summary>
public sealed record ApiCall(ActorResolver Actors, HttpContext Http, CancellationToken CancellationToken)
{
    public ProblemHttpResult Problem(DomainError error) => TypedResults.Problem(Problems.Create(Http, error));

    /// <summary>200 with the value.</summary>
    public Task<Results<Ok<T>, ProblemHttpResult>> OkAsync<T>(Func<Actor, CancellationToken, Task<Result<T>>> call) =>
        AsActorAsync(call, TypedResults.Ok);

    /// <summary>201 with the value and its Location.</summary>
    public Task<Results<Created<T>, ProblemHttpResult>> CreatedAsync<T>(Func<Actor, CancellationToken, Task<Result<T>>> call, Func<T, string> location) =>
        AsActorAsync(call, value => TypedResults.Created(location(value), value));

    /// <summary>204, no body.</summary>
    public Task<Results<NoContent, ProblemHttpResult>> NoContentAsync<T>(Func<Actor, CancellationToken, Task<Result<T>>> call) =>
        AsActorAsync(call, _ => TypedResults.NoContent());

    /// <summary>200 with one page of a list in the contract's shape (page and page_size are checked by their annotations).</summary>
    public async Task<Results<Ok<PageResponse<T>>, ProblemHttpResult>> PageAsync<T>(
        PageQuery paging, Func<Actor, PageRequest, CancellationToken, Task<Result<PagedList<T>>>> call)
    {
        var page = paging.ToRequest();
        return await AsActorAsync((actor, ct) => call(actor, page, ct), list => TypedResults.Ok(list.ToResponse(Http.Request, page)));
    }

    /// <summary>200 with the value, for public routes (no actor needed).</summary>
    public async Task<Results<Ok<T>, ProblemHttpResult>> PublicOkAsync<T>(Func<CancellationToken, Task<Result<T>>> call)
    {
        var result = await call(CancellationToken);
        return result.Error is { } error ? Problem(error) : TypedResults.Ok(result.Value!);
    }

    /// <summary>200 with one page of a public list.</summary>
    public async Task<Results<Ok<PageResponse<T>>, ProblemHttpResult>> PublicPageAsync<T>(
        PageQuery paging, Func<PageRequest, CancellationToken, Task<Result<PagedList<T>>>> call)
    {
        var page = paging.ToRequest();
        var list = await call(page, CancellationToken);
        return list.Error is { } error ? Problem(error) : TypedResults.Ok(list.Value!.ToResponse(Http.Request, page));
    }

    /// <summary>Any success shape for a public route (202, a header first...); a failure is problem+json.</summary>
    public async Task<Results<TSuccess, ProblemHttpResult>> PublicAsync<T, TSuccess>(Func<CancellationToken, Task<Result<T>>> call, Func<T, TSuccess> success)
        where TSuccess : IResult
    {
        var result = await call(CancellationToken);
        return result.Error is { } error ? Problem(error) : success(result.Value!);
    }

    private async Task<Results<TSuccess, ProblemHttpResult>> AsActorAsync<T, TSuccess>(
        Func<Actor, CancellationToken, Task<Result<T>>> call, Func<T, TSuccess> success)
        where TSuccess : IResult
    {
        if (await Actors.ResolveAsync(Http.User, CancellationToken) is not { } actor)
        {
            return Problem(new DomainError(ErrorKind.NotAuthenticated, "Sign in first."));
        }
        var result = await call(actor, CancellationToken);
        return result.Error is { } error ? Problem(error) : success(result.Value!);
    }
}
