#include <gtest/gtest.h>

#include <sopengine/diagnostic.hpp>

TEST(Diagnostic, PrintsLikeACompiler) {
    const sop::diagnostic item{sop::severity::error,
                               "unknown-actor",
                               {"pace.xml", 14, 9},
                               "step 7 names actor 'kasubagg'"};
    EXPECT_EQ(sop::to_string(item),
              "pace.xml:14:9: error: step 7 names actor 'kasubagg' [unknown-actor]");
}

TEST(Diagnostic, LeavesOutMissingLineAndColumn) {
    EXPECT_EQ(sop::to_string(sop::diagnostic{sop::severity::warning, "x", {"a.xml", 0, 0}, "m"}),
              "a.xml: warning: m [x]");
    EXPECT_EQ(sop::to_string(sop::diagnostic{sop::severity::error, "x", {"a.xml", 3, 0}, "m"}),
              "a.xml:3: error: m [x]");
}

TEST(Diagnostic, HasErrorsIgnoresWarnings) {
    std::vector<sop::diagnostic> list{{sop::severity::warning, "w", {}, ""}};
    EXPECT_FALSE(sop::has_errors(list));
    list.push_back({sop::severity::error, "e", {}, ""});
    EXPECT_TRUE(sop::has_errors(list));
}
