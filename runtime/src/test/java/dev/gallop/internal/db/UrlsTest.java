package dev.gallop.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlsTest {
  @Test
  void passwordsAreMasked() {
    assertThat(Urls.mask("jdbc:postgresql://db:5432/app?user=u&password=s3cret&ssl=true"))
        .isEqualTo("jdbc:postgresql://db:5432/app?user=u&password=***&ssl=true")
        .doesNotContain("s3cret");
    assertThat(Urls.mask("postgresql://u:s3cret@db/app")).doesNotContain("s3cret");
    assertThat(Urls.mask("jdbc:postgresql://db/app")).isEqualTo("jdbc:postgresql://db/app");
  }
}
