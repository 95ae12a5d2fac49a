package org.tonearm.vk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Joining {count, items} pages, lazily and through execute, including a token that dies half way. */
class PaginationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private FakeVk vk;
    private FakeVk.Account account;
    private VkApi api;

    @BeforeEach
    void start() {
        vk = FakeVk.start();
        account = vk.account("lindsey@example.org", "pw");
        api = vk.api(account, new RecordingSleeper());
    }

    @AfterEach
    void stop() {
        vk.close();
    }

    private static List<JsonNode> items(int n) {
        return IntStream.range(0, n).mapToObj(i -> (JsonNode) JSON.createObjectNode().put("id", i).put("title", "track " + i)).toList();
    }

    private static List<Integer> ids(List<JsonNode> items) {
        return items.stream().map(j -> j.get("id").asInt()).toList();
    }

    @Test
    void collectAllJoinsEveryPageInOrder() {
        vk.items("audio.get", items(137));
        List<JsonNode> all = api.method("audio.get").param("owner_id", account.userId()).all(50);
        assertEquals(IntStream.range(0, 137).boxed().toList(), ids(all));
        assertEquals(List.of("0", "50", "100"), vk.requests("audio.get").stream().map(r -> r.params().get("offset")).toList());
        assertTrue(vk.requests("audio.get").stream().allMatch(r -> r.params().get("count").equals("50")
                && r.params().get("owner_id").equals(Long.toString(account.userId()))));
    }

    @Test
    void iterationIsLazy() {
        vk.items("audio.get", items(500));
        List<Integer> first = new ArrayList<>();
        for (JsonNode item : api.method("audio.get").pages(100)) {
            first.add(item.get("id").asInt());
            if (first.size() == 150) {
                break;
            }
        }
        assertEquals(150, first.size());
        assertEquals(2, vk.requests("audio.get").size(), "only the pages that were looked at are fetched");
        assertEquals(List.of(3, 4, 5, 6), api.method("audio.get").stream(100).skip(3).limit(4).map(j -> j.get("id").asInt()).toList());
        assertEquals(3, vk.requests("audio.get").size());
    }

    @Test
    void emptyListIsOneRequest() {
        vk.items("audio.get", List.of());
        assertTrue(api.method("audio.get").all(10).isEmpty());
        assertEquals(1, vk.requests("audio.get").size());
    }

    @Test
    void batchedCollectionUsesExecuteWithAtMost25CallsEach() {
        vk.items("audio.get", items(601));
        List<JsonNode> all = api.method("audio.get").allBatched(10);
        assertEquals(IntStream.range(0, 601).boxed().toList(), ids(all));
        List<FakeVk.Request> executes = vk.requests("execute");
        assertEquals(3, executes.size(), "60 remaining pages = 25 + 25 + 10");
        assertEquals(1, vk.requests().stream().filter(r -> "audio.get".equals(r.method()) && r.verb().equals("POST")).count());
        assertEquals(60, vk.requests("audio.get").stream().filter(r -> r.verb().equals("EXECUTE")).count());
        assertTrue(executes.getFirst().params().get("code").startsWith("return [API.audio.get({"));
    }

    @Test
    void batchRunsArbitraryCallsAndReportsFailures() {
        List<Call> calls = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            calls.add(api.method("users.get").param("user_ids", List.of(i)));
        }
        List<JsonNode> results = api.batch(calls);
        assertEquals(30, results.size());
        assertEquals(30, results.get(29).get(0).get("id").asInt());
        assertEquals(2, vk.requests("execute").size());

        VkException.Api e = assertThrows(VkException.Api.class,
                () -> api.batch(List.of(api.method("users.get").param("user_ids", 1), api.method("nosuch.method"))));
        assertEquals(3, e.errorCode());
        assertEquals("nosuch.method", e.method());
    }

    @Test
    void tokenExpiringMidPaginationReauthenticatesAndContinues() {
        vk.items("audio.get", items(95));
        ScriptedInput input = new ScriptedInput().answer(Input.Kind.PASSWORD, "pw");
        ClientAuth auth = new ClientAuth(vk.config(), 909090, "lindsey@example.org", null, input, new FileTokenStore(dir));
        auth.auth();
        VkApi api = auth.api();
        String before = api.token().accessToken();
        vk.expireTokensAfter(2);

        List<JsonNode> all = api.method("audio.get").all(20);

        assertEquals(IntStream.range(0, 95).boxed().toList(), ids(all), "no page lost or repeated");
        assertEquals(List.of("0", "20", "40", "40", "60", "80"), vk.requests("audio.get").stream().map(r -> r.params().get("offset")).toList());
        assertTrue(!before.equals(api.token().accessToken()) && vk.tokenValid(api.token().accessToken()));
        assertEquals(List.of(Input.Kind.PASSWORD), input.kinds(), "the saved session cookie renewed the token");
    }

    @Test
    void aMethodThatIsNotPaginatedIsAProtocolError() {
        VkException.Protocol e = assertThrows(VkException.Protocol.class, () -> api.method("users.get").param("user_ids", 1).all(10));
        assertTrue(e.getMessage().contains("did not answer a page {count, items}"), e.getMessage());
    }
}
