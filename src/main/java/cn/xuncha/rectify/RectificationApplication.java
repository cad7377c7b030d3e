package cn.xuncha.rectify;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** 巡察整改督办: drives the rectification of every problem an inspection found, on Camunda 7. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RectificationApplication {

	public static void main(String[] args) {
		SpringApplication.run(RectificationApplication.class, args);
	}
}
